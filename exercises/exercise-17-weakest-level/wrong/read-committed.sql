-- wrong: lab
-- Each statement sees the latest committed data: the phantom shows.
read-committed

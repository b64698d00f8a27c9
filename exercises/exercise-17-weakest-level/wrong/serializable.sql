-- wrong: lab
-- Serializable prevents it, but so does the weaker repeatable-read.
serializable

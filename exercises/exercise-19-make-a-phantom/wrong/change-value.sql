-- wrong: lab
-- Same rows, new value: a non-repeatable read, not a phantom.
UPDATE orders SET amount = 130 WHERE id = 1;

-- wrong: lab
-- Dirty reads and phantoms both show.
read-uncommitted

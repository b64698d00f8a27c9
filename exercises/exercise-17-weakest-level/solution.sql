-- On SQLite, repeatable-read holds one WAL snapshot for the whole transaction.
repeatable-read

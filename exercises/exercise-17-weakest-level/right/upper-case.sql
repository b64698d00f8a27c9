-- Level names are case-insensitive.
REPEATABLE-READ;

SET lock_timeout = '5s';

-- Drops the table's indexes and identity sequence with it.
DROP TABLE IF EXISTS tickets;

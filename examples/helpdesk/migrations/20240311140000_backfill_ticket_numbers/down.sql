SET lock_timeout = '5s';

ALTER TABLE tickets DROP COLUMN IF EXISTS ticket_number;
-- Owned by the column, so normally already gone with it.
DROP SEQUENCE IF EXISTS tickets_ticket_number_seq;

SET lock_timeout = '5s';

-- Customers quote "ticket #1042" on the phone and in e-mail subjects; the
-- internal id is not meant for that. Give every ticket a public number.

-- 1. The number generator. Public numbers start at 1001.
CREATE SEQUENCE IF NOT EXISTS tickets_ticket_number_seq AS bigint START WITH 1001;

-- 2. The column, nullable and without a default: no table rewrite.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS ticket_number bigint;
ALTER SEQUENCE tickets_ticket_number_seq OWNED BY tickets.ticket_number;

-- 3. Backfill existing tickets in the order they were opened. Only rows still
--    without a number are touched, so running this again is a no-op.
--    A renumbering is not activity on the ticket: keep updated_at as it is by
--    switching off its trigger for this transaction only (the audit trigger
--    stays on and records the assigned numbers).
--    Note: the whole migration is one transaction, so tickets stays locked
--    until it commits; that is fine at the size this table has in the example.
--    For a large table, run the UPDATE in batches in separate transactions.
ALTER TABLE tickets DISABLE TRIGGER tickets_set_updated_at;

UPDATE tickets AS t
   SET ticket_number = numbered.ticket_number
  FROM (
        SELECT pending.id, nextval('tickets_ticket_number_seq') AS ticket_number
          FROM (
                SELECT id
                  FROM tickets
                 WHERE ticket_number IS NULL
                 ORDER BY created_at, id
               ) AS pending
       ) AS numbered
 WHERE t.id = numbered.id;

ALTER TABLE tickets ENABLE TRIGGER tickets_set_updated_at;

-- 4. New tickets draw their number from the sequence. SET DEFAULT only affects
--    future inserts; existing rows are not rewritten.
ALTER TABLE tickets ALTER COLUMN ticket_number SET DEFAULT nextval('tickets_ticket_number_seq');

-- The unique index on ticket_number is built CONCURRENTLY in the next migration.

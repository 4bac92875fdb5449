SET lock_timeout = '5s';

-- PostgreSQL cannot drop a value from an enum: rebuild the type without it.
-- Tickets that are on hold go back to 'pending', the closest older status.
-- Guarded so that running it when 'on_hold' is already gone does nothing.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1
          FROM pg_enum
         WHERE enumtypid = to_regtype('ticket_status')
           AND enumlabel = 'on_hold'
    ) THEN
        UPDATE tickets SET status = 'pending' WHERE status = 'on_hold';

        ALTER TYPE ticket_status RENAME TO ticket_status_with_on_hold;
        CREATE TYPE ticket_status AS ENUM ('new', 'open', 'pending', 'resolved', 'closed');

        ALTER TABLE tickets ALTER COLUMN status DROP DEFAULT;
        ALTER TABLE tickets ALTER COLUMN status TYPE ticket_status USING status::text::ticket_status;
        ALTER TABLE tickets ALTER COLUMN status SET DEFAULT 'new';

        DROP TYPE ticket_status_with_on_hold;
    END IF;
END
$$;

SET lock_timeout = '5s';

-- Ticket life cycle. Values can only ever be appended safely
-- (ALTER TYPE ... ADD VALUE); removing one means rebuilding the type, so keep
-- this list short and deliberate.
DO $$
BEGIN
    CREATE TYPE ticket_status AS ENUM ('new', 'open', 'pending', 'resolved', 'closed');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

-- Priority drives the SLA policy a ticket falls under.
DO $$
BEGIN
    CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'high', 'urgent');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

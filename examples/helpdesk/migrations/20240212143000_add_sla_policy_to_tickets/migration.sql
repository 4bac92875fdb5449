SET lock_timeout = '5s';

-- Which SLA policy a ticket is measured against. Nullable, no default: adding
-- it is a catalog-only change, no table rewrite.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS sla_policy_id bigint;

-- Add the foreign key NOT VALID: new and updated rows are checked from now on,
-- but the existing rows are not scanned while we hold the lock on tickets.
-- It is validated in the next migration, in its own transaction, where the scan
-- only needs a SHARE UPDATE EXCLUSIVE lock and does not block writes.
-- ADD CONSTRAINT has no IF NOT EXISTS, hence the duplicate_object guard.
DO $$
BEGIN
    ALTER TABLE tickets
        ADD CONSTRAINT tickets_sla_policy_id_fkey
        FOREIGN KEY (sla_policy_id) REFERENCES sla_policies (id) ON DELETE SET NULL
        NOT VALID;
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

-- The index on tickets (sla_policy_id) is built CONCURRENTLY in
-- 20240311141500_index_tickets_concurrently.

SET lock_timeout = '5s';

-- Second half of the NOT VALID / VALIDATE pattern started in
-- 20240212143000_add_sla_policy_to_tickets: scans tickets under a
-- SHARE UPDATE EXCLUSIVE lock, so reads and writes carry on meanwhile.
-- Validating an already valid constraint is a no-op, so this is re-runnable.
ALTER TABLE tickets VALIDATE CONSTRAINT tickets_sla_policy_id_fkey;

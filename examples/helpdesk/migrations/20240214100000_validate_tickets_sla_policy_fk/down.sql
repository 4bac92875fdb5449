SET lock_timeout = '5s';

-- PostgreSQL cannot mark a constraint "not validated" again; recreate it
-- NOT VALID, which is exactly the state before this migration.
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_sla_policy_id_fkey;
ALTER TABLE tickets
    ADD CONSTRAINT tickets_sla_policy_id_fkey
    FOREIGN KEY (sla_policy_id) REFERENCES sla_policies (id) ON DELETE SET NULL
    NOT VALID;

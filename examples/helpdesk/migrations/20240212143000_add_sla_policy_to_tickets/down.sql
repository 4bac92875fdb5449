SET lock_timeout = '5s';

ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_sla_policy_id_fkey;
ALTER TABLE tickets DROP COLUMN IF EXISTS sla_policy_id;

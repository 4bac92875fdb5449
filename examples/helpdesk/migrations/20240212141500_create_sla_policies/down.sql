SET lock_timeout = '5s';

-- Drops its trigger with it.
DROP TABLE IF EXISTS sla_policies;

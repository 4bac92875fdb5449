SET lock_timeout = '5s';

-- tickets is live and large by now, so these indexes are built CONCURRENTLY:
-- no lock that blocks writes is held during the build. CONCURRENTLY cannot run
-- inside a transaction block, so this migration is NOT transactional and holds
-- nothing else. If a build fails it leaves an INVALID index behind, which
-- IF NOT EXISTS would then skip: drop it (DROP INDEX CONCURRENTLY) and re-run.

-- Lookups by public number ("#1042"); also guarantees numbers are unique.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS tickets_ticket_number_key ON tickets (ticket_number);

-- SLA dashboards, and the ON DELETE SET NULL when an SLA policy is deleted.
CREATE INDEX CONCURRENTLY IF NOT EXISTS tickets_sla_policy_id_idx ON tickets (sla_policy_id);

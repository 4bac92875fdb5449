SET lock_timeout = '5s';

-- Not transactional either: DROP INDEX CONCURRENTLY cannot run in a transaction block.
DROP INDEX CONCURRENTLY IF EXISTS tickets_sla_policy_id_idx;
DROP INDEX CONCURRENTLY IF EXISTS tickets_ticket_number_key;

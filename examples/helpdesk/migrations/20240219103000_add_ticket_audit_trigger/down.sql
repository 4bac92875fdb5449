SET lock_timeout = '5s';

DROP TRIGGER IF EXISTS tickets_audit ON tickets;
DROP FUNCTION IF EXISTS log_ticket_change();

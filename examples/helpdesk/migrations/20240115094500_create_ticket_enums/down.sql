SET lock_timeout = '5s';

DROP TYPE IF EXISTS ticket_priority;
DROP TYPE IF EXISTS ticket_status;

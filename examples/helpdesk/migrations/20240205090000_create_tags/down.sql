SET lock_timeout = '5s';

DROP TABLE IF EXISTS ticket_tags;
DROP TABLE IF EXISTS tags;

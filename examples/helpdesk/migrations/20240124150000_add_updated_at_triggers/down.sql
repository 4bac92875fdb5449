SET lock_timeout = '5s';

DROP TRIGGER IF EXISTS ticket_comments_set_updated_at ON ticket_comments;
DROP TRIGGER IF EXISTS tickets_set_updated_at ON tickets;
DROP TRIGGER IF EXISTS users_set_updated_at ON users;
DROP TRIGGER IF EXISTS organizations_set_updated_at ON organizations;
DROP FUNCTION IF EXISTS set_updated_at();

SET lock_timeout = '5s';

DROP TABLE IF EXISTS user_roles;
DROP TYPE IF EXISTS user_role;

SET lock_timeout = '5s';

-- citext gives us case-insensitive e-mail addresses: "Dana@Acme.example" and
-- "dana@acme.example" must be the same login and must collide in unique indexes.
-- citext ships with PostgreSQL's contrib package and is a trusted extension
-- (PostgreSQL 13+), so a database owner can install it without superuser rights.
CREATE EXTENSION IF NOT EXISTS citext;

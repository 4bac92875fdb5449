SET lock_timeout = '5s';

-- No CASCADE: if anything outside this schema still uses citext, fail loudly
-- instead of silently dropping someone else's columns.
DROP EXTENSION IF EXISTS citext;

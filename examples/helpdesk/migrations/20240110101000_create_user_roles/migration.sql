SET lock_timeout = '5s';

-- A fixed set of roles, so an enum rather than a lookup table:
--   admin     manages the organization, its users and SLA policies
--   agent     works tickets (assigns, replies, resolves)
--   requester opens tickets and follows them in the portal
-- CREATE TYPE has no IF NOT EXISTS; swallowing duplicate_object makes it re-runnable.
DO $$
BEGIN
    CREATE TYPE user_role AS ENUM ('admin', 'agent', 'requester');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

-- A user can hold several roles (an admin usually also works tickets).
CREATE TABLE IF NOT EXISTS user_roles (
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       user_role   NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);

-- "Who are the agents?" (assignment drop-downs) scans by role.
CREATE INDEX IF NOT EXISTS user_roles_role_idx ON user_roles (role);

SET lock_timeout = '5s';

-- Users are both the customers who open tickets (requesters) and the staff who
-- work them (agents); what a user may do is decided by user_roles (next migration).
CREATE TABLE IF NOT EXISTS users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- citext: comparisons and the unique constraint below ignore case.
    email           citext      NOT NULL,
    display_name    text        NOT NULL,
    -- Deactivate instead of deleting: tickets keep pointing at their requester.
    is_active       boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- The same person may be a customer of several organizations.
    CONSTRAINT users_organization_id_email_key UNIQUE (organization_id, email),
    CONSTRAINT users_email_format CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 200)
);

-- Sign-in looks a user up by e-mail before the organization is known.
-- (The table is new, so a plain CREATE INDEX takes no lock anyone waits on.)
CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);

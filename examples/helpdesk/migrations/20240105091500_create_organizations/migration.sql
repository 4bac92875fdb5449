SET lock_timeout = '5s';

-- Organizations are the tenants of the help desk: every user, ticket, tag and
-- SLA policy belongs to exactly one of them.
CREATE TABLE IF NOT EXISTS organizations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    -- URL-safe identifier used in the portal address (https://<slug>.help.example).
    slug       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT organizations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 63)
);

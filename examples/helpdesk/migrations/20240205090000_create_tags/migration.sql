SET lock_timeout = '5s';

-- Free-form labels ("billing", "vip", "bug") per organization.
CREATE TABLE IF NOT EXISTS tags (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- Normalized by the application to lower-case slugs, so a plain unique
    -- constraint is enough to prevent "Billing" next to "billing".
    name            text        NOT NULL,
    color           text        NOT NULL DEFAULT '#6b7280',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tags_organization_id_name_key UNIQUE (organization_id, name),
    CONSTRAINT tags_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
    CONSTRAINT tags_color_format CHECK (color ~ '^#[0-9a-f]{6}$')
);

-- Many-to-many between tickets and tags.
CREATE TABLE IF NOT EXISTS ticket_tags (
    ticket_id bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    tag_id    bigint      NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    tagged_by bigint      REFERENCES users (id) ON DELETE SET NULL,
    tagged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, tag_id)
);

-- The primary key serves "tags of a ticket"; this serves "tickets with a tag".
CREATE INDEX IF NOT EXISTS ticket_tags_tag_id_idx ON ticket_tags (tag_id);
CREATE INDEX IF NOT EXISTS ticket_tags_tagged_by_idx ON ticket_tags (tagged_by);

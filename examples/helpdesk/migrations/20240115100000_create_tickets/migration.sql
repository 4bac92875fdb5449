SET lock_timeout = '5s';

CREATE TABLE IF NOT EXISTS tickets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint          NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- The customer who opened the ticket; users are deactivated, never deleted.
    requester_id    bigint          NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    -- Unassigned tickets sit in the shared queue.
    assignee_id     bigint          REFERENCES users (id) ON DELETE SET NULL,
    subject         text            NOT NULL,
    description     text            NOT NULL DEFAULT '',
    status          ticket_status   NOT NULL DEFAULT 'new',
    priority        ticket_priority NOT NULL DEFAULT 'normal',
    created_at      timestamptz     NOT NULL DEFAULT now(),
    updated_at      timestamptz     NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    -- Full-text search document, maintained by PostgreSQL itself. The subject
    -- weighs more than the body. This column is declared here, with the table,
    -- on purpose: adding a STORED generated column to an existing table later
    -- rewrites the whole table under an ACCESS EXCLUSIVE lock.
    -- to_tsvector with an explicit configuration is IMMUTABLE, as required.
    search_vector   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(subject, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(description, '')), 'B')
    ) STORED,
    CONSTRAINT tickets_subject_length CHECK (char_length(subject) BETWEEN 1 AND 300),
    CONSTRAINT tickets_resolved_after_created CHECK (resolved_at IS NULL OR resolved_at >= created_at)
);

-- All indexes below are on the table created above, so no CONCURRENTLY needed.
-- Queue views: "open tickets of my organization", "tickets assigned to me".
CREATE INDEX IF NOT EXISTS tickets_organization_id_status_idx ON tickets (organization_id, status);
CREATE INDEX IF NOT EXISTS tickets_assignee_id_status_idx ON tickets (assignee_id, status);
-- "My tickets" in the customer portal, and the RESTRICT check when a user is deleted.
CREATE INDEX IF NOT EXISTS tickets_requester_id_idx ON tickets (requester_id);
-- Serves search_vector @@ websearch_to_tsquery('english', ...).
CREATE INDEX IF NOT EXISTS tickets_search_vector_idx ON tickets USING gin (search_vector);

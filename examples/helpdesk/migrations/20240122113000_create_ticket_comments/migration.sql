SET lock_timeout = '5s';

-- The conversation on a ticket: public replies the requester sees, and
-- internal notes only agents see.
CREATE TABLE IF NOT EXISTS ticket_comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id   bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id   bigint      NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    body        text        NOT NULL,
    is_internal boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ticket_comments_body_length CHECK (char_length(body) BETWEEN 1 AND 65536)
);

-- The ticket page shows its comments oldest first.
CREATE INDEX IF NOT EXISTS ticket_comments_ticket_id_created_at_idx ON ticket_comments (ticket_id, created_at);
-- Supports the RESTRICT check on users and "comments by this agent" reports.
CREATE INDEX IF NOT EXISTS ticket_comments_author_id_idx ON ticket_comments (author_id);

SET lock_timeout = '5s';

-- File metadata only: the bytes live in object storage under storage_key.
-- A uuid key, because attachment ids appear in download URLs and must not be guessable.
CREATE TABLE IF NOT EXISTS attachments (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    ticket_id    bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    -- Set when the file was uploaded with a reply; NULL when attached to the ticket itself.
    comment_id   bigint      REFERENCES ticket_comments (id) ON DELETE CASCADE,
    uploaded_by  bigint      NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    file_name    text        NOT NULL,
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    storage_key  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attachments_storage_key_key UNIQUE (storage_key),
    -- A base name, never a path.
    CONSTRAINT attachments_file_name_check CHECK (char_length(file_name) BETWEEN 1 AND 255 AND strpos(file_name, '/') = 0),
    CONSTRAINT attachments_content_type_check CHECK (content_type ~ '^[a-z]+/[a-zA-Z0-9.+-]+$'),
    -- The upload endpoint caps files at 25 MiB; the database agrees.
    CONSTRAINT attachments_size_bytes_check CHECK (size_bytes BETWEEN 0 AND 26214400)
);

CREATE INDEX IF NOT EXISTS attachments_ticket_id_idx ON attachments (ticket_id);
CREATE INDEX IF NOT EXISTS attachments_comment_id_idx ON attachments (comment_id);
CREATE INDEX IF NOT EXISTS attachments_uploaded_by_idx ON attachments (uploaded_by);

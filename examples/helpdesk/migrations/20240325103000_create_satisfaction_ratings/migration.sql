SET lock_timeout = '5s';

-- Customer satisfaction (CSAT): after a ticket is solved the requester is asked
-- "How did we do?" and answers good or bad, optionally with a comment.
CREATE TABLE IF NOT EXISTS satisfaction_ratings (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    rated_by   bigint      REFERENCES users (id) ON DELETE SET NULL,
    score      text        NOT NULL,
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- One rating per ticket; a re-rating updates the row.
    CONSTRAINT satisfaction_ratings_ticket_id_key UNIQUE (ticket_id),
    CONSTRAINT satisfaction_ratings_score_check CHECK (score IN ('good', 'bad')),
    CONSTRAINT satisfaction_ratings_comment_length CHECK (comment IS NULL OR char_length(comment) <= 2000)
);

CREATE INDEX IF NOT EXISTS satisfaction_ratings_rated_by_idx ON satisfaction_ratings (rated_by);

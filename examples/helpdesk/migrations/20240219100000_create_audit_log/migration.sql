SET lock_timeout = '5s';

-- Append-only history of changes, written by triggers (see the next migration).
-- Deliberately no foreign keys: audit rows must outlive the tickets, users and
-- organizations they describe.
CREATE TABLE IF NOT EXISTS audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint,
    entity_type     text        NOT NULL,
    entity_id       bigint      NOT NULL,
    action          text        NOT NULL,
    -- The user the application acted for (SET LOCAL helpdesk.actor_id = ...);
    -- NULL for system jobs and migrations.
    actor_id        bigint,
    -- insert: {"new": row}; update: {"changes": {column: {"from": .., "to": ..}}}; delete: {"old": row}
    payload         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_log_action_check CHECK (action IN ('insert', 'update', 'delete')),
    CONSTRAINT audit_log_payload_is_object CHECK (jsonb_typeof(payload) = 'object')
);

-- "History of this ticket", newest first.
CREATE INDEX IF NOT EXISTS audit_log_entity_idx ON audit_log (entity_type, entity_id, occurred_at DESC);
-- Organization-wide activity feed and retention jobs.
CREATE INDEX IF NOT EXISTS audit_log_organization_id_occurred_at_idx ON audit_log (organization_id, occurred_at DESC);

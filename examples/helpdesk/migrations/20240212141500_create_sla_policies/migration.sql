SET lock_timeout = '5s';

-- Service-level targets per organization and priority, e.g. "urgent: first
-- reply within 30 minutes, resolved within 4 hours".
CREATE TABLE IF NOT EXISTS sla_policies (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id       bigint          NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    priority              ticket_priority NOT NULL,
    first_response_within interval        NOT NULL,
    resolution_within     interval        NOT NULL,
    -- When true the clocks only run during the organization's business hours.
    business_hours_only   boolean         NOT NULL DEFAULT false,
    created_at            timestamptz     NOT NULL DEFAULT now(),
    updated_at            timestamptz     NOT NULL DEFAULT now(),
    CONSTRAINT sla_policies_organization_id_priority_key UNIQUE (organization_id, priority),
    CONSTRAINT sla_policies_first_response_positive CHECK (first_response_within > interval '0'),
    CONSTRAINT sla_policies_resolution_after_response CHECK (resolution_within >= first_response_within)
);

-- Reuses the trigger function from 20240124150000_add_updated_at_triggers.
DROP TRIGGER IF EXISTS sla_policies_set_updated_at ON sla_policies;
CREATE TRIGGER sla_policies_set_updated_at
    BEFORE UPDATE ON sla_policies
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

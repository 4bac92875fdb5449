SET lock_timeout = '5s';

-- Records every insert, update and delete of a ticket in audit_log.
-- Updates store only the columns that changed; search_vector (derived) and
-- updated_at (noise) are left out, and an update that changes nothing else is
-- not logged at all.
CREATE OR REPLACE FUNCTION log_ticket_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    -- Set by the application per transaction: SET LOCAL helpdesk.actor_id = '42'.
    actor   bigint := nullif(current_setting('helpdesk.actor_id', true), '')::bigint;
    old_row jsonb;
    new_row jsonb;
    changes jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        new_row := to_jsonb(NEW) - 'search_vector';
        INSERT INTO audit_log (organization_id, entity_type, entity_id, action, actor_id, payload)
        VALUES (NEW.organization_id, 'ticket', NEW.id, 'insert', actor, jsonb_build_object('new', new_row));
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD) - 'search_vector' - 'updated_at';
        new_row := to_jsonb(NEW) - 'search_vector' - 'updated_at';
        SELECT jsonb_object_agg(n.key, jsonb_build_object('from', old_row -> n.key, 'to', n.value))
          INTO changes
          FROM jsonb_each(new_row) AS n
         WHERE n.value IS DISTINCT FROM old_row -> n.key;
        IF changes IS NOT NULL THEN
            INSERT INTO audit_log (organization_id, entity_type, entity_id, action, actor_id, payload)
            VALUES (NEW.organization_id, 'ticket', NEW.id, 'update', actor, jsonb_build_object('changes', changes));
        END IF;
        RETURN NULL;
    ELSE
        old_row := to_jsonb(OLD) - 'search_vector';
        INSERT INTO audit_log (organization_id, entity_type, entity_id, action, actor_id, payload)
        VALUES (OLD.organization_id, 'ticket', OLD.id, 'delete', actor, jsonb_build_object('old', old_row));
        RETURN NULL;
    END IF;
END;
$$;

-- AFTER trigger: it sees the final row, including defaults and generated values.
DROP TRIGGER IF EXISTS tickets_audit ON tickets;
CREATE TRIGGER tickets_audit
    AFTER INSERT OR UPDATE OR DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION log_ticket_change();

#!/usr/bin/env bash
# Checks the helpdesk example migrations against a real PostgreSQL server:
#
#   1. applies every migration.sql in order (each in one transaction, except
#      the CONCURRENTLY one), recording a schema dump after each step;
#   2. applies them all a second time: they must be idempotent and must not
#      change the schema;
#   3. inserts sample data and checks constraints, triggers, the generated
#      search column and the ticket numbers;
#   4. applies every down.sql in reverse order, with the sample data still in
#      place, checking after each one that the schema is exactly what it was
#      before the matching migration.sql; each migration is also re-applied
#      and reverted once more (redo), so every up migration runs against
#      tables that hold data, the data backfill in particular;
#   5. checks that nothing of the schema is left (tables, sequences, types,
#      functions, extensions);
#   6. applies every migration.sql once more and compares with step 1.
#
# The scratch database is dropped at the end, also on failure.
#
# Connection: PGHOST / PGPORT / PGUSER (defaults 127.0.0.1 / 5432 / postgres);
# the user must be allowed to create databases. PSQL and PG_DUMP may point at
# specific client binaries; without a usable pg_dump (missing, older than the
# server, or PG_DUMP=none) the schema comparisons are skipped.
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
# Re-running idempotent statements prints "already exists, skipping" notices.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
migrations="$here/migrations"

find_client() { # name -> path of a PostgreSQL client binary, or empty
  local name="$1" candidate
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return
  fi
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/$name" ]]; then
      echo "$candidate/$name"
      return
    fi
  done
}
PSQL="${PSQL:-$(find_client psql)}"
PG_DUMP="${PG_DUMP:-$(find_client pg_dump)}"
[[ -n "$PSQL" ]] || { echo "psql not found (set PSQL=/path/to/psql)" >&2; exit 1; }

db="strata_helpdesk_verify_$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d)"

cleanup() {
  local status=$?
  "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || status=1
  rm -rf "$work"
  if [[ $status -eq 0 ]]; then echo "OK: all checks passed"; else echo "FAILED (exit $status)" >&2; fi
  exit $status
}
trap cleanup EXIT

step() { echo "==> $*"; }

psql_db() { "$PSQL" -X -v ON_ERROR_STOP=1 -q -d "$db" "$@"; }

# CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block.
non_transactional() {
  grep -Eiq '^[[:space:]]*(CREATE|DROP)[[:space:]]+(UNIQUE[[:space:]]+)?INDEX[[:space:]]+CONCURRENTLY' "$1"
}

apply() { # file
  if non_transactional "$1"; then
    psql_db -f "$1"
  else
    psql_db -1 -f "$1"
  fi
}

dump_schema() { # output file
  if [[ -n "$PG_DUMP" ]]; then
    # \restrict / \unrestrict lines carry a random key in recent pg_dump versions.
    "$PG_DUMP" --schema-only --no-owner --no-privileges -d "$db" |
      grep -Ev '^\\(un)?restrict ' >"$1"
  else
    : >"$1"
  fi
}

same_schema() { # expected-dump actual-dump what
  if ! diff -u "$1" "$2" >"$work/diff"; then
    echo "schema mismatch: $3" >&2
    head -n 60 "$work/diff" >&2
    return 1
  fi
}

mapfile -t dirs < <(find "$migrations" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
[[ ${#dirs[@]} -gt 0 ]] || { echo "no migrations in $migrations" >&2; exit 1; }
for dir in "${dirs[@]}"; do
  [[ "$dir" =~ ^[0-9]{14}_[a-z0-9_]+$ ]] || { echo "bad migration folder name: $dir" >&2; exit 1; }
  [[ -f "$migrations/$dir/migration.sql" && -f "$migrations/$dir/down.sql" ]] ||
    { echo "$dir: migration.sql and down.sql are both required" >&2; exit 1; }
done

step "server: $("$PSQL" -X -At -d postgres -c 'SHOW server_version') at $PGHOST:$PGPORT; client: $PSQL"
# pg_dump refuses servers newer than itself.
if [[ "$PG_DUMP" == "none" ]]; then
  PG_DUMP=""
elif [[ -n "$PG_DUMP" ]]; then
  server_major=$(( $("$PSQL" -X -At -d postgres -c 'SHOW server_version_num') / 10000 ))
  dump_major="$("$PG_DUMP" --version | grep -oE '[0-9]+' | head -n 1)"
  if (( dump_major < server_major )); then
    echo "    ($PG_DUMP is version $dump_major, older than the server: schema comparisons skipped;"
    echo "     set PG_DUMP=/path/to/a/newer/pg_dump)"
    PG_DUMP=""
  fi
else
  echo "    (pg_dump not found: schema comparisons skipped; set PG_DUMP=/path/to/pg_dump)"
fi
step "creating scratch database $db"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db TEMPLATE template0"

step "1. applying ${#dirs[@]} migrations"
dump_schema "$work/schema.0"
i=0
for dir in "${dirs[@]}"; do
  i=$((i + 1))
  mode="transactional"
  non_transactional "$migrations/$dir/migration.sql" && mode="NON-transactional"
  printf '    %2d %-50s %s\n' "$i" "$dir" "$mode"
  apply "$migrations/$dir/migration.sql"
  dump_schema "$work/schema.$i"
done
last=$i

step "2. applying all migrations a second time (idempotency)"
for dir in "${dirs[@]}"; do
  apply "$migrations/$dir/migration.sql"
done
dump_schema "$work/schema.rerun"
same_schema "$work/schema.$last" "$work/schema.rerun" "second run changed the schema"

step "3. sample data"
psql_db <<'SQL'
-- Everything in one DO block per transaction; ASSERT fails the script.
DO $$
DECLARE
    org      bigint;
    agent    bigint;
    customer bigint;
    high_sla bigint;
    t1       bigint;
    t2       bigint;
    t3       bigint;
    c1       bigint;
    vip      bigint;
BEGIN
    INSERT INTO organizations (name, slug) VALUES ('Acme Corporation', 'acme') RETURNING id INTO org;
    INSERT INTO users (organization_id, email, display_name)
        VALUES (org, 'Dana.Reyes@acme.example', 'Dana Reyes') RETURNING id INTO agent;
    INSERT INTO users (organization_id, email, display_name)
        VALUES (org, 'carl@customer.example', 'Carl Meyer') RETURNING id INTO customer;
    INSERT INTO user_roles (user_id, role) VALUES (agent, 'admin'), (agent, 'agent'), (customer, 'requester');

    -- citext: lookups and uniqueness ignore case.
    ASSERT (SELECT id FROM users WHERE email = 'dana.reyes@ACME.example') = agent, 'citext lookup';
    BEGIN
        INSERT INTO users (organization_id, email, display_name) VALUES (org, 'DANA.REYES@acme.example', 'Dup');
        RAISE EXCEPTION 'duplicate e-mail in another case was accepted';
    EXCEPTION WHEN unique_violation THEN NULL;
    END;

    INSERT INTO sla_policies (organization_id, priority, first_response_within, resolution_within)
        VALUES (org, 'high', '1 hour', '8 hours') RETURNING id INTO high_sla;
    INSERT INTO sla_policies (organization_id, priority, first_response_within, resolution_within, business_hours_only)
        VALUES (org, 'normal', '4 hours', '3 days', true);
    BEGIN
        INSERT INTO sla_policies (organization_id, priority, first_response_within, resolution_within)
            VALUES (org, 'low', '2 days', '1 day');
        RAISE EXCEPTION 'resolution shorter than first response was accepted';
    EXCEPTION WHEN check_violation THEN NULL;
    END;

    -- The application tells the audit trigger who is acting.
    PERFORM set_config('helpdesk.actor_id', agent::text, true);

    INSERT INTO tickets (organization_id, requester_id, assignee_id, subject, description, priority, sla_policy_id)
        VALUES (org, customer, agent, 'Printer on the 3rd floor jams on duplex jobs',
                'Every double-sided print job jams the printer in room 3.14 after the first page.', 'high', high_sla)
        RETURNING id INTO t1;
    INSERT INTO tickets (organization_id, requester_id, subject, description)
        VALUES (org, customer, 'Cannot reset my password', 'The reset e-mail never arrives.')
        RETURNING id INTO t2;
    INSERT INTO tickets (organization_id, requester_id, subject)
        VALUES (org, customer, 'Duplicate of the password ticket')
        RETURNING id INTO t3;

    ASSERT (SELECT status FROM tickets WHERE id = t2) = 'new', 'status default';
    ASSERT (SELECT ticket_number FROM tickets WHERE id = t1) >= 1001, 'ticket number from the sequence';
    ASSERT (SELECT ticket_number FROM tickets WHERE id = t2) > (SELECT ticket_number FROM tickets WHERE id = t1), 'ticket numbers increase';
    -- Generated search column: stemming ("jams" ~ "jam", "printing" ~ "print").
    ASSERT (SELECT array_agg(id) FROM tickets WHERE search_vector @@ websearch_to_tsquery('english', 'printing jam')) = ARRAY[t1], 'full-text search';
    ASSERT (SELECT count(*) FROM tickets WHERE search_vector @@ websearch_to_tsquery('english', 'password')) = 2, 'full-text search 2';

    BEGIN
        INSERT INTO tickets (organization_id, requester_id, subject, sla_policy_id) VALUES (org, customer, 'x', -1);
        RAISE EXCEPTION 'unknown sla_policy_id was accepted';
    EXCEPTION WHEN foreign_key_violation THEN NULL;
    END;
    BEGIN
        INSERT INTO tickets (organization_id, requester_id, subject) VALUES (org, customer, '');
        RAISE EXCEPTION 'empty subject was accepted';
    EXCEPTION WHEN check_violation THEN NULL;
    END;

    INSERT INTO ticket_comments (ticket_id, author_id, body)
        VALUES (t1, agent, 'Thanks Carl, a technician is on the way.') RETURNING id INTO c1;
    INSERT INTO ticket_comments (ticket_id, author_id, body, is_internal)
        VALUES (t1, agent, 'Fuser unit looks worn, ordered a replacement.', true);
    INSERT INTO ticket_comments (ticket_id, author_id, body)
        VALUES (t2, customer, 'Still nothing in my inbox, spam folder included.');

    INSERT INTO attachments (ticket_id, comment_id, uploaded_by, file_name, content_type, size_bytes, storage_key)
        VALUES (t1, c1, agent, 'jam-photo.jpg', 'image/jpeg', 482113, 'acme/tickets/' || t1 || '/jam-photo.jpg');
    ASSERT (SELECT length(id::text) FROM attachments) = 36, 'uuid primary key';
    BEGIN
        INSERT INTO attachments (ticket_id, uploaded_by, file_name, content_type, size_bytes, storage_key)
            VALUES (t1, agent, 'huge.iso', 'application/octet-stream', 4700000000, 'acme/huge.iso');
        RAISE EXCEPTION 'attachment over 25 MiB was accepted';
    EXCEPTION WHEN check_violation THEN NULL;
    END;

    INSERT INTO tags (organization_id, name) VALUES (org, 'hardware');
    INSERT INTO tags (organization_id, name, color) VALUES (org, 'vip', '#dc2626') RETURNING id INTO vip;
    INSERT INTO ticket_tags (ticket_id, tag_id, tagged_by)
        SELECT t1, id, agent FROM tags WHERE organization_id = org;
    INSERT INTO ticket_tags (ticket_id, tag_id, tagged_by) VALUES (t2, vip, agent);
    BEGIN
        INSERT INTO tags (organization_id, name) VALUES (org, 'Not A Slug');
        RAISE EXCEPTION 'malformed tag name was accepted';
    EXCEPTION WHEN check_violation THEN NULL;
    END;

    DELETE FROM tickets WHERE id = t3;

    ASSERT (SELECT count(*) FROM audit_log WHERE entity_type = 'ticket' AND action = 'insert') = 3, 'audit: inserts';
    ASSERT (SELECT count(*) FROM audit_log WHERE entity_id = t3 AND action = 'delete') = 1, 'audit: delete';
    ASSERT (SELECT bool_and(actor_id = agent) FROM audit_log), 'audit: actor';
    ASSERT (SELECT payload -> 'new' ? 'search_vector' FROM audit_log WHERE entity_id = t1) IS FALSE, 'audit: no search_vector';
END
$$;

-- A later transaction, so now() has moved on: status changes, on_hold is usable.
DO $$
DECLARE
    t1       bigint := (SELECT id FROM tickets WHERE subject LIKE 'Printer%');
    t2       bigint := (SELECT id FROM tickets WHERE subject LIKE 'Cannot reset%');
    customer bigint := (SELECT id FROM users WHERE email = 'carl@customer.example');
    changes  jsonb;
BEGIN
    PERFORM pg_sleep(0.01);
    UPDATE tickets SET status = 'on_hold' WHERE id = t1;
    UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE id = t2;
    UPDATE tickets SET status = 'resolved' WHERE id = t2;  -- no change: not audited

    ASSERT (SELECT updated_at > created_at FROM tickets WHERE id = t1), 'updated_at trigger';
    SELECT payload -> 'changes' INTO changes
      FROM audit_log WHERE entity_id = t1 AND action = 'update';
    ASSERT changes = '{"status": {"from": "new", "to": "on_hold"}}'::jsonb, 'audit: update diff ' || changes;
    ASSERT (SELECT actor_id FROM audit_log WHERE entity_id = t1 AND action = 'update') IS NULL, 'audit: no actor';
    ASSERT (SELECT count(*) FROM audit_log WHERE entity_id = t2 AND action = 'update') = 1, 'audit: no-op update skipped';

    INSERT INTO satisfaction_ratings (ticket_id, rated_by, score, comment)
        VALUES (t2, customer, 'good', 'Fixed within the hour, thanks!');
    BEGIN
        INSERT INTO satisfaction_ratings (ticket_id, rated_by, score) VALUES (t1, customer, 'meh');
        RAISE EXCEPTION 'unknown CSAT score was accepted';
    EXCEPTION WHEN check_violation THEN NULL;
    END;
    BEGIN
        UPDATE tickets SET status = 'escalated' WHERE id = t1;
        RAISE EXCEPTION 'unknown ticket status was accepted';
    EXCEPTION WHEN invalid_text_representation THEN NULL;
    END;
END
$$;

SELECT t.ticket_number AS "#", t.status, t.priority, t.subject,
       (SELECT count(*) FROM ticket_comments c WHERE c.ticket_id = t.id) AS comments,
       (SELECT string_agg(g.name, ',' ORDER BY g.name)
          FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.ticket_id = t.id) AS tags
  FROM tickets t
 ORDER BY t.ticket_number;
SELECT entity_id AS ticket, action, payload -> 'changes' AS changes
  FROM audit_log
 ORDER BY id;
SQL

# Runs after the backfill migration was re-applied to tickets that already
# exist (step 4): every ticket got a number, in the order tickets were opened,
# and the backfill did not count as activity (updated_at unchanged).
check_backfill() {
  psql_db <<'SQL'
DO $$
BEGIN
    ASSERT (SELECT count(*) FROM tickets) > 0, 'backfill check needs tickets';
    ASSERT NOT EXISTS (SELECT 1 FROM tickets WHERE ticket_number IS NULL), 'backfill: ticket without a number';
    ASSERT (SELECT array_agg(ticket_number ORDER BY created_at, id) FROM tickets)
         = (SELECT array_agg(n) FROM generate_series(1001, 1000 + (SELECT count(*) FROM tickets)) AS n),
           'backfill: numbers not assigned in creation order';
    ASSERT NOT EXISTS (SELECT 1 FROM tickets t JOIN backfill_before b USING (id) WHERE t.updated_at <> b.updated_at),
           'backfill: updated_at was bumped';
    ASSERT (SELECT count(*) FROM audit_log WHERE payload -> 'changes' ? 'ticket_number') = (SELECT count(*) FROM tickets),
           'backfill: assigned numbers are audited';
END
$$;
DROP TABLE backfill_before;
SELECT ticket_number AS "#", subject FROM tickets ORDER BY ticket_number;
SQL
}

step "4. reverting all migrations (down.sql, newest first), with the sample data in place"
echo "    each one: down, then up again and down again (redo), comparing schemas each time"
for ((i = last; i >= 1; i--)); do
  dir="${dirs[i - 1]}"
  mode="transactional"
  non_transactional "$migrations/$dir/down.sql" && mode="NON-transactional"
  printf '    %2d %-50s %s\n' "$i" "$dir" "$mode"
  apply "$migrations/$dir/down.sql"
  dump_schema "$work/schema.down.$i"
  same_schema "$work/schema.$((i - 1))" "$work/schema.down.$i" "$dir/down.sql does not restore the previous schema"
  # Redo: the up migration must also work on tables that hold data.
  if [[ "$dir" == *_backfill_ticket_numbers ]]; then
    psql_db -c 'CREATE TABLE backfill_before AS SELECT id, updated_at FROM tickets'
    apply "$migrations/$dir/migration.sql"
    check_backfill
  else
    apply "$migrations/$dir/migration.sql"
  fi
  dump_schema "$work/schema.redo.$i"
  same_schema "$work/schema.$i" "$work/schema.redo.$i" "$dir/migration.sql gives a different schema after its down.sql"
  apply "$migrations/$dir/down.sql"
done

step "5. checking that nothing of the schema is left"
leftovers="$(psql_db -At <<'SQL'
WITH extension_owned AS (
    SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
)
SELECT kind || ' ' || name FROM (
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index' ELSE 'relation' END AS kind, c.relname AS name
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace
       AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM extension_owned)
    UNION ALL
    SELECT 'type', t.typname
      FROM pg_type t
     WHERE t.typnamespace = 'public'::regnamespace
       AND (t.oid, 'pg_type'::regclass) NOT IN (SELECT objid, classid FROM extension_owned)
       -- array types of extension types belong to the extension too
       AND (t.typelem, 'pg_type'::regclass) NOT IN (SELECT objid, classid FROM extension_owned)
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text
      FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace
       AND (p.oid, 'pg_proc'::regclass) NOT IN (SELECT objid, classid FROM extension_owned)
    UNION ALL
    SELECT 'extension', e.extname
      FROM pg_extension e
     WHERE e.extname <> 'plpgsql'
) AS left_behind
ORDER BY 1;
SQL
)"
if [[ -n "$leftovers" ]]; then
  echo "objects left after all down migrations:" >&2
  echo "$leftovers" | sed 's/^/    /' >&2
  exit 1
fi
echo "    none: no tables, sequences, types, functions or extensions left"

step "6. applying all migrations again"
for dir in "${dirs[@]}"; do
  apply "$migrations/$dir/migration.sql"
done
dump_schema "$work/schema.reapplied"
same_schema "$work/schema.$last" "$work/schema.reapplied" "re-applied schema differs from the first run"
if [[ -n "$PG_DUMP" ]]; then echo "    schema identical to the first run"; fi

step "dropping scratch database $db"

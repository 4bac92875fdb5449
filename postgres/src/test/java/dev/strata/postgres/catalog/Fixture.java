package dev.strata.postgres.catalog;

import java.util.Set;

/**
 * A schema with every object kind {@link SchemaDump} dumps, and some rows. {@code ROLE} stands for
 * a role the test creates (roles are cluster-wide); parts that need contrib extensions (or ICU,
 * named "icu" among them) are left out where those are not installed.
 */
final class Fixture {
  private Fixture() {}

  static String sql(String role, Set<String> extensions, int major) {
    StringBuilder sql = new StringBuilder();
    sql.append(BASE);
    if (major >= 17) sql.append(PG17);
    if (extensions.contains("icu")) sql.append(ICU);
    if (extensions.contains("citext")) sql.append(CITEXT);
    if (extensions.contains("hstore")) sql.append(HSTORE);
    if (extensions.contains("pgcrypto")) sql.append(PGCRYPTO);
    sql.append(extensions.contains("btree_gist") ? BTREE_GIST : RANGE_EXCLUSION);
    // Last: later objects (the extensions' functions too) would get these privileges.
    sql.append(
        """
        ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO ROLE;
        ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
        """);
    return sql.toString().replace("ROLE", role);
  }

  private static final String BASE =
      """
      CREATE SCHEMA app;
      CREATE SCHEMA "Audit Log";
      CREATE SCHEMA reporting;
      COMMENT ON SCHEMA app IS 'application tables';
      COMMENT ON SCHEMA public IS 'changed public comment';
      GRANT USAGE ON SCHEMA app TO ROLE;
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      GRANT CREATE ON SCHEMA public TO ROLE;

      -- types
      CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'it''s complicated');
      COMMENT ON TYPE app.mood IS 'how it went';
      CREATE TYPE app.empty_enum AS ENUM ();
      CREATE FUNCTION app.is_even(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n % 2 = 0 $$;
      CREATE DOMAIN app.positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);
      CREATE DOMAIN app.even AS integer CONSTRAINT even_check CHECK (app.is_even(VALUE));
      CREATE DOMAIN app.code AS text COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
      CREATE DOMAIN app.small AS integer;
      ALTER DOMAIN app.small ADD CONSTRAINT small_check CHECK (VALUE < 100) NOT VALID;
      COMMENT ON DOMAIN app.positive IS 'strictly positive';
      COMMENT ON CONSTRAINT positive_check ON DOMAIN app.positive IS 'checked';
      CREATE TYPE app.address AS (street text, city text COLLATE "C", zip app.code);
      COMMENT ON TYPE app.address IS 'postal address';
      COMMENT ON COLUMN app.address.city IS 'the city';
      CREATE FUNCTION app.float_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT a - b';
      CREATE COLLATION app.plain (provider = libc, locale = 'C');
      CREATE COLLATION app.split (lc_collate = 'C', lc_ctype = 'POSIX');
      COMMENT ON COLLATION app.plain IS 'bytewise';
      CREATE DOMAIN app.plain_text AS text COLLATE app.plain;
      CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = app.float_diff);
      CREATE TYPE app.textrange AS RANGE (subtype = text, collation = "C");
      GRANT USAGE ON TYPE app.mood TO ROLE;

      -- sequences
      CREATE SEQUENCE app.ticket_seq AS integer START WITH 1000 INCREMENT BY -2 MINVALUE 10 MAXVALUE 5000 CACHE 5 CYCLE;
      CREATE SEQUENCE app.later_seq;
      SELECT setval('app.later_seq', 42, false);
      CREATE SEQUENCE app.plain_seq;
      SELECT nextval('app.plain_seq');
      SELECT nextval('app.plain_seq');
      COMMENT ON SEQUENCE app.ticket_seq IS 'counts down';
      GRANT USAGE ON SEQUENCE app.plain_seq TO ROLE;

      -- functions
      CREATE FUNCTION app.next_code() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RETURN 'C' || nextval('app.plain_seq');
      END
      $$;
      COMMENT ON FUNCTION app.next_code() IS 'makes codes';
      REVOKE EXECUTE ON FUNCTION app.next_code() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION app.next_code() TO ROLE;
      CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END
      $$;
      CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT a + b';
      CREATE FUNCTION app.add(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT a || b';
      CREATE FUNCTION "Audit Log"."Record"(VARIADIC things text[]) RETURNS SETOF text LANGUAGE sql
        SET search_path = pg_catalog, pg_temp AS 'SELECT unnest(things)';
      CREATE PROCEDURE app.reset_counter(IN start bigint) LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM setval('app.plain_seq', start);
      END
      $$;
      COMMENT ON PROCEDURE app.reset_counter(bigint) IS 'resets';
      CREATE AGGREGATE app.product(integer) (SFUNC = int4mul, STYPE = integer, INITCOND = '1');
      COMMENT ON AGGREGATE app.product(integer) IS 'multiplies';

      -- tables
      CREATE TABLE app.customers (
        id bigserial PRIMARY KEY,
        name text NOT NULL COLLATE "C",
        code text NOT NULL DEFAULT app.next_code(),
        mood app.mood DEFAULT 'ok',
        moods app.mood[] NOT NULL DEFAULT '{}',
        home app.address,
        rank app.positive,
        score numeric(10, 2) DEFAULT 0.5 CHECK (score >= 0),
        name_length integer GENERATED ALWAYS AS (char_length(name)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz,
        CONSTRAINT customers_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT customers_name_check CHECK (name <> '')
      ) WITH (fillfactor = 90);
      COMMENT ON TABLE app.customers IS 'who buys';
      COMMENT ON COLUMN app.customers.name IS 'full name';
      COMMENT ON CONSTRAINT customers_name_check ON app.customers IS 'not empty';
      COMMENT ON CONSTRAINT customers_pkey ON app.customers IS 'the key';
      COMMENT ON INDEX app.customers_pkey IS 'the key index';
      GRANT SELECT, INSERT ON app.customers TO ROLE WITH GRANT OPTION;
      GRANT UPDATE (name, mood) ON app.customers TO ROLE;
      ALTER TABLE app.customers ALTER COLUMN updated_at SET DEFAULT now();
      ALTER TABLE app.customers REPLICA IDENTITY FULL;
      CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
      COMMENT ON TRIGGER customers_touch ON app.customers IS 'keeps updated_at';
      CREATE TRIGGER customers_touch_disabled BEFORE INSERT ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
      ALTER TABLE app.customers DISABLE TRIGGER customers_touch_disabled;

      CREATE TABLE app.orders (
        id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
        customer_id bigint NOT NULL REFERENCES app.customers (id) ON DELETE CASCADE,
        quantity app.even,
        amount numeric,
        note text COLLATE "POSIX",
        ticket integer DEFAULT nextval('app.ticket_seq'),
        tags text[],
        document jsonb,
        placed_on date NOT NULL DEFAULT CURRENT_DATE,
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(note, ''))) STORED
      );
      CREATE TABLE app."Order Items" (
        "Order" integer REFERENCES app.orders DEFERRABLE INITIALLY DEFERRED,
        "Select" integer GENERATED BY DEFAULT AS IDENTITY,
        position smallserial,
        PRIMARY KEY ("Order", "Select")
      );
      COMMENT ON COLUMN app."Order Items"."Select" IS 'a keyword';
      ALTER TABLE app.orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
      ALTER TABLE app.orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES app.customers NOT VALID;
      CREATE INDEX orders_partial ON app.orders (placed_on) WHERE amount IS NOT NULL;
      CREATE INDEX orders_expression ON app.orders (lower(note), (amount * 2));
      CREATE INDEX orders_include ON app.orders (customer_id) INCLUDE (amount);
      CREATE INDEX orders_tags ON app.orders USING gin (tags);
      CREATE INDEX orders_document ON app.orders USING gin (document jsonb_path_ops);
      CREATE INDEX orders_search ON app.orders USING gin (search);
      CREATE INDEX orders_brin ON app.orders USING brin (placed_on);
      CREATE INDEX orders_hash ON app.orders USING hash (note);
      CREATE UNIQUE INDEX orders_ticket ON app.orders (ticket DESC NULLS LAST);
      CREATE INDEX orders_pattern ON app.orders (note text_pattern_ops) WITH (fillfactor = 70);
      COMMENT ON INDEX app.orders_partial IS 'recent orders';
      ALTER TABLE app.orders CLUSTER ON orders_include;
      CREATE STATISTICS app.orders_stats (dependencies, ndistinct) ON customer_id, placed_on FROM app.orders;
      COMMENT ON STATISTICS app.orders_stats IS 'correlated';

      CREATE TABLE app.places (id int PRIMARY KEY, during app.floatrange, spans tstzrange);
      ALTER TABLE app.places REPLICA IDENTITY USING INDEX places_pkey;
      CREATE FUNCTION app.audit_places() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
      CREATE CONSTRAINT TRIGGER places_audit AFTER INSERT ON app.places DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION app.audit_places();
      CREATE TRIGGER places_moved AFTER UPDATE OF spans ON app.places
        FOR EACH ROW WHEN (OLD.spans IS DISTINCT FROM NEW.spans) EXECUTE FUNCTION app.audit_places();
      CREATE TRIGGER places_batch AFTER INSERT ON app.places REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION app.audit_places();
      ALTER TABLE app.places ENABLE ALWAYS TRIGGER places_batch;
      CREATE INDEX places_spans ON app.places USING gist (spans);
      CREATE UNLOGGED TABLE app.scratch (id int, body text);

      -- partitioned tables
      CREATE TABLE app.events (
        id bigint NOT NULL,
        happened_on date NOT NULL,
        kind text NOT NULL DEFAULT 'info',
        payload jsonb,
        CONSTRAINT events_kind_check CHECK (kind <> ''),
        PRIMARY KEY (id, happened_on, kind)
      ) PARTITION BY RANGE (happened_on);
      CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
        PARTITION BY LIST (kind);
      CREATE TABLE app.events_2025_info PARTITION OF app.events_2025 FOR VALUES IN ('info');
      CREATE TABLE app.events_2025_other PARTITION OF app.events_2025 DEFAULT;
      CREATE TABLE app.events_old (payload jsonb, kind text NOT NULL DEFAULT 'old', happened_on date NOT NULL, id bigint NOT NULL,
        CONSTRAINT events_kind_check CHECK (kind <> ''));
      ALTER TABLE app.events ATTACH PARTITION app.events_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
      CREATE INDEX events_kind ON app.events (kind);
      CREATE INDEX events_2024_payload_named ON app.events_2024 (payload);
      CREATE INDEX events_payload ON ONLY app.events (payload);
      ALTER INDEX app.events_payload ATTACH PARTITION app.events_2024_payload_named;
      CREATE FUNCTION app.keep() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER events_keep BEFORE INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.keep();
      CREATE TABLE app.regions (code text PRIMARY KEY, name text) PARTITION BY LIST (code);
      CREATE TABLE app.regions_eu PARTITION OF app.regions FOR VALUES IN ('de', 'fr');
      CREATE TABLE app.regions_us PARTITION OF app.regions FOR VALUES IN ('us');
      ALTER TABLE app.orders ADD COLUMN region text REFERENCES app.regions ON DELETE SET NULL;
      CREATE TABLE app.region_notes (region text REFERENCES app.regions, note text) PARTITION BY HASH (region);
      CREATE TABLE app.region_notes_0 PARTITION OF app.region_notes FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE app.region_notes_1 PARTITION OF app.region_notes FOR VALUES WITH (MODULUS 2, REMAINDER 1);

      -- inheritance
      CREATE TABLE app.vehicles (id int, wheels int NOT NULL DEFAULT 4, CHECK (wheels > 0));
      CREATE TABLE app.trucks (load int, wheels int DEFAULT 6) INHERITS (app.vehicles);
      ALTER TABLE ONLY app.trucks ALTER COLUMN id SET DEFAULT 7;

      -- a cycle: the function's body reads the table whose default calls it
      CREATE TABLE app.counters (id int PRIMARY KEY, value int);
      CREATE FUNCTION app.counter_count() RETURNS bigint LANGUAGE sql STABLE
        BEGIN ATOMIC SELECT count(*) FROM app.counters; END;
      ALTER TABLE app.counters ALTER COLUMN value SET DEFAULT app.counter_count();
      -- another: the domain's CHECK calls a function whose body reads a table of the domain
      CREATE TABLE app.limits (max_value int);
      CREATE FUNCTION app.within_limit(v int) RETURNS boolean LANGUAGE sql STABLE
        BEGIN ATOMIC SELECT v <= coalesce((SELECT max(max_value) FROM app.limits), v); END;
      CREATE DOMAIN app.limited AS int CONSTRAINT limited_check CHECK (app.within_limit(VALUE));
      ALTER TABLE app.limits ADD COLUMN current app.limited;
      INSERT INTO app.limits VALUES (10, 5);
      CREATE FUNCTION app.orders_of(customer bigint) RETURNS SETOF app.orders LANGUAGE sql STABLE
        BEGIN ATOMIC SELECT * FROM app.orders WHERE orders.customer_id = customer; END;

      -- views
      CREATE VIEW reporting.customer_orders AS
        SELECT c.id, c.name, count(o.id) AS orders FROM app.customers c LEFT JOIN app.orders o ON o.customer_id = c.id
        GROUP BY c.id;
      COMMENT ON VIEW reporting.customer_orders IS 'per customer';
      COMMENT ON COLUMN reporting.customer_orders.orders IS 'how many';
      CREATE VIEW reporting.big_customers WITH (security_barrier = true) AS
        SELECT * FROM reporting.customer_orders WHERE orders > 1 WITH LOCAL CHECK OPTION;
      CREATE VIEW reporting.writable AS SELECT id, note FROM app.orders;
      ALTER VIEW reporting.writable ALTER COLUMN note SET DEFAULT 'from view';
      CREATE RULE writable_log AS ON DELETE TO reporting.writable DO INSTEAD NOTHING;
      COMMENT ON RULE writable_log ON reporting.writable IS 'no deletes';
      -- deparsed expressions that print differently once parsed again (see NestedBooleans)
      CREATE TABLE app.intervals (lo int, hi int, label text,
        CONSTRAINT intervals_check CHECK (lo BETWEEN 0 AND 100 AND hi BETWEEN lo AND 200 AND label IS NOT NULL),
        CONSTRAINT intervals_pair CHECK ((lo, hi) = (1, 2) OR lo NOT BETWEEN 5 AND 6 OR hi IS NULL));
      CREATE VIEW reporting.expressions AS
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
        SELECT DISTINCT ON (o.customer_id) o.customer_id,
          CASE WHEN o.amount BETWEEN 1 AND 10 AND o.note IS NOT NULL THEN 'small' WHEN o.amount > 10 THEN 'big' ELSE NULL END AS size,
          coalesce(o.note, 'none') || '!' AS note, o.amount::int AS whole, o.tags[1] AS first_tag,
          sum(o.amount) OVER (PARTITION BY o.customer_id ORDER BY o.id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS running,
          o.placed_on IN ('2024-01-01', '2024-02-01') AS special,
          (o.id, o.customer_id) > (1, 1) AS after_first,
          EXISTS (SELECT 1 FROM app.customers c WHERE c.id = o.customer_id AND c.name LIKE 'A%') AS a_customer,
          (SELECT max(i) FROM n) AS three,
          l.x
        FROM app.orders o
        CROSS JOIN LATERAL (SELECT o.id * 2 AS x) l
        WHERE o.amount IS DISTINCT FROM 0 AND (o.note ~ '^f' OR o.note ILIKE '%s%')
        ORDER BY o.customer_id, o.id DESC;
      CREATE VIEW reporting.grouped AS
        SELECT customer_id, placed_on, count(*) FILTER (WHERE amount > 0) AS paid
        FROM app.orders GROUP BY GROUPING SETS ((customer_id), (placed_on), ())
        UNION ALL SELECT NULL, NULL, 0;
      CREATE VIEW reporting.counts AS SELECT app.counter_count() AS n, app.add(1) AS two;
      GRANT SELECT ON reporting.customer_orders TO ROLE;
      CREATE MATERIALIZED VIEW reporting.order_totals AS
        SELECT customer_id, sum(amount) AS total FROM app.orders GROUP BY customer_id;
      CREATE UNIQUE INDEX order_totals_customer ON reporting.order_totals (customer_id);
      CREATE MATERIALIZED VIEW reporting.top_totals AS SELECT * FROM reporting.order_totals WHERE total > 10;
      CREATE MATERIALIZED VIEW reporting.later AS SELECT 1 AS one WITH NO DATA;
      COMMENT ON MATERIALIZED VIEW reporting.order_totals IS 'sums';

      -- row-level security
      CREATE TABLE "Audit Log".entries (id serial PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);
      ALTER TABLE "Audit Log".entries ENABLE ROW LEVEL SECURITY;
      ALTER TABLE "Audit Log".entries FORCE ROW LEVEL SECURITY;
      CREATE POLICY own_rows ON "Audit Log".entries FOR SELECT TO ROLE USING (owner = current_user);
      CREATE POLICY no_empty ON "Audit Log".entries AS RESTRICTIVE FOR INSERT WITH CHECK (body <> '');
      COMMENT ON POLICY own_rows ON "Audit Log".entries IS 'see your own';
      ALTER TABLE "Audit Log".entries OWNER TO ROLE;
      ALTER FUNCTION "Audit Log"."Record"(text[]) OWNER TO ROLE;

      -- rows
      INSERT INTO app.customers (name, mood, moods, home, rank) VALUES
        ('Ada', 'happy', '{happy,sad}', ROW('Main St', 'Paris', 'FR'), 3),
        ('Bob', 'it''s complicated', '{}', NULL, 1);
      INSERT INTO app.orders (customer_id, quantity, amount, note, tags, document) VALUES
        (1, 2, 10.5, 'first', '{a,b}', '{"k": 1}'),
        (1, 4, 20, 'second\\with backslash', NULL, NULL),
        (2, NULL, NULL, E'tab\\there', '{}', '[]');
      INSERT INTO app."Order Items" ("Order") VALUES (10), (10), (15);
      INSERT INTO app.events VALUES (1, '2024-05-01', 'info', '{}'), (2, '2025-05-01', 'info', NULL),
        (3, '2025-06-01', 'warn', NULL), (4, '2020-01-01', 'old', NULL);
      INSERT INTO app.regions VALUES ('de', 'Germany'), ('us', 'United States');
      INSERT INTO app.trucks (id, load) VALUES (1, 10);
      INSERT INTO app.counters (id) VALUES (1), (2);
      INSERT INTO app.places VALUES (1, '[1.5, 2.5)', '[2024-01-01, 2024-02-01)');
      REFRESH MATERIALIZED VIEW reporting.order_totals;
      REFRESH MATERIALIZED VIEW reporting.top_totals;
      """;

  /** PostgreSQL 17 allows identity columns on partitioned tables; partitions share the sequence. */
  private static final String PG17 =
      """
      CREATE TABLE app.measurements (id bigint GENERATED ALWAYS AS IDENTITY, taken date NOT NULL, value numeric)
        PARTITION BY RANGE (taken);
      CREATE TABLE app.measurements_2024 PARTITION OF app.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      INSERT INTO app.measurements (taken, value) VALUES ('2024-03-01', 1.5), ('2024-04-01', 2);
      """;

  private static final String ICU =
      """
      CREATE COLLATION app.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE app.tags (name text COLLATE app.case_insensitive UNIQUE, label app.plain_text);
      INSERT INTO app.tags VALUES ('Billing', 'b');
      """;

  private static final String CITEXT =
      """
      CREATE EXTENSION citext;
      CREATE TABLE app.logins (email citext PRIMARY KEY, aliases citext[]);
      INSERT INTO app.logins VALUES ('Ada@Example.com', '{A@x}');
      """;

  private static final String HSTORE =
      """
      CREATE EXTENSION hstore SCHEMA app;
      COMMENT ON EXTENSION hstore IS 'key/value pairs';
      CREATE TABLE app.settings (id int PRIMARY KEY, bag app.hstore);
      CREATE INDEX settings_bag ON app.settings USING gist (bag);
      """;

  private static final String PGCRYPTO =
      """
      CREATE EXTENSION pgcrypto;
      CREATE TABLE app.tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), secret bytea DEFAULT public.gen_random_bytes(16));
      """;

  private static final String BTREE_GIST =
      """
      CREATE EXTENSION btree_gist;
      CREATE TABLE app.bookings (
        room int NOT NULL,
        during tstzrange NOT NULL,
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
      );
      """;

  private static final String RANGE_EXCLUSION =
      """
      CREATE TABLE app.bookings (
        during tstzrange NOT NULL,
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)
      );
      """;
}

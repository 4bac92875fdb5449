package dev.strata.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips on real servers: a database with every object kind (and the helpdesk example) is
 * dumped, restored into an empty database from the script alone, and dumped again. The two dumps
 * must be equal, and so must pg_dump's view of both where a pg_dump for the server exists.
 */
class SchemaDumpTest {

  static Stream<String> servers() {
    return Stream.of("embedded", "external");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void fixtureRoundTrips(String serverName) throws Exception {
    DumpServer server = DumpServer.named(serverName);
    String role = "strata_dump_" + UUID.randomUUID().toString().substring(0, 8);
    server.admin("CREATE ROLE " + role);
    try {
      try (ScratchDatabase a = server.createDatabase();
          ScratchDatabase b = server.createDatabase()) {
        Set<String> extensions = availableExtensions(a);
        a.run(Fixture.sql(role, extensions, server.majorVersion()));
        SchemaScript original = a.dump();

        Restore.copy(a, original, b);

        assertSameSchema(b.dump(), original);
        assertSameRows(a, b, original);
        assertSameCatalogFacts(a, b);
        comparePgDump(server, a, b);
        // Identity sequences continue where they were, under their own names.
        assertThat(b.column("INSERT INTO app.orders (customer_id) VALUES (2) RETURNING id::text"))
            .containsExactly("25");
        assertThat(b.column("SELECT pg_get_serial_sequence('app.orders', 'id')"))
            .containsExactly("app.orders_id_seq");
        assertFixtureShape(original, role, extensions);
      }
    } finally {
      server.admin("DROP ROLE IF EXISTS " + role);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void helpdeskExampleRoundTrips(String serverName) throws Exception {
    DumpServer server = DumpServer.named(serverName);
    try (ScratchDatabase a = server.createDatabase();
        ScratchDatabase b = server.createDatabase()) {
      List<Path> migrations;
      try (Stream<Path> dirs = Files.list(Path.of("../examples/helpdesk/migrations"))) {
        migrations =
            dirs.map(d -> d.resolve("migration.sql"))
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
      }
      assertThat(migrations).hasSizeGreaterThan(10);
      // Autocommit, statement by statement: CREATE INDEX CONCURRENTLY runs outside a transaction.
      for (Path m : migrations) a.run(Files.readString(m));
      a.run(
          """
          INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme');
          INSERT INTO users (organization_id, email, display_name) VALUES (1, 'Dana@Acme.example', 'Dana');
          INSERT INTO tickets (organization_id, requester_id, subject) VALUES (1, 1, 'Printer on fire');
          """);
      SchemaScript original = a.dump();

      Restore.copy(a, original, b);

      assertSameSchema(b.dump(), original);
      assertSameRows(a, b, original);
      assertSameCatalogFacts(a, b);
      comparePgDump(server, a, b);
      assertThat(original.preData())
          .contains("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public")
          .anyMatch(
              s ->
                  s.startsWith(
                      "CREATE TYPE public.ticket_status AS ENUM ('new', 'open', 'pending', 'on_hold'"));
      assertThat(original.postData())
          .contains(
              "CREATE UNIQUE INDEX tickets_ticket_number_key ON public.tickets USING btree (ticket_number)")
          .anyMatch(
              s ->
                  s.startsWith(
                      "ALTER TABLE ONLY public.tickets ADD CONSTRAINT tickets_sla_policy_id_fkey FOREIGN KEY"));
      assertThat(original.tables()).extracting(TableData::name).contains("tickets", "audit_log");
      assertThat(
              original.tables().stream()
                  .filter(t -> t.name().equals("tickets"))
                  .findFirst()
                  .orElseThrow()
                  .copyColumns())
          .doesNotContain("search_vector")
          .contains("ticket_number");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void readingIsDeterministicAndLeavesTheSessionAsItWas(String serverName) throws Exception {
    DumpServer server = DumpServer.named(serverName);
    String role = "strata_dump_" + UUID.randomUUID().toString().substring(0, 8);
    server.admin("CREATE ROLE " + role);
    try {
      try (ScratchDatabase a = server.createDatabase()) {
        a.run(Fixture.sql(role, availableExtensions(a), server.majorVersion()));
        SchemaScript first = a.dump();
        try (Connection c = a.connect();
            Statement st = c.createStatement()) {
          st.execute("SET search_path = app, public");
          assertSameSchema(SchemaDump.read(c), first);
          assertThat(a.column("SELECT 1")).hasSize(1);
          assertThat(single(st, "SHOW search_path")).isEqualTo("app, public");

          // As the backup reads it: inside a repeatable-read snapshot, which it keeps.
          c.setAutoCommit(false);
          st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          SchemaScript inSnapshot = SchemaDump.read(c);
          assertThat(single(st, "SHOW search_path")).isEqualTo("app, public");
          assertThat(single(st, "SELECT count(*) FROM customers")).isEqualTo("2");
          c.rollback();
          assertThat(inSnapshot).isEqualTo(first);
        }
      }
    } finally {
      server.admin("DROP ROLE IF EXISTS " + role);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void skipsWhatItDoesNotDump(String serverName) throws Exception {
    DumpServer server = DumpServer.named(serverName);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    try (ScratchDatabase a = server.createDatabase()) {
      assumeTrue(availableExtensions(a).contains("file_fdw"), "file_fdw is not installed");
      a.run(
          """
          CREATE TABLE kept (id int);
          CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
          CREATE EVENT TRIGGER ddl_SUFFIX ON ddl_command_end EXECUTE FUNCTION on_ddl();
          CREATE EXTENSION file_fdw;
          CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
          CREATE FOREIGN TABLE outside (line text) SERVER files OPTIONS (filename '/dev/null');
          CREATE PUBLICATION pub_SUFFIX FOR TABLE kept;
          """
              .replace("SUFFIX", suffix));

      SchemaScript script = a.dump();

      assertThat(script.tables()).extracting(TableData::name).containsExactly("kept");
      assertThat(script.preData())
          .contains("CREATE EXTENSION IF NOT EXISTS file_fdw WITH SCHEMA public")
          .noneMatch(s -> s.contains("outside") || s.contains("SERVER") || s.contains("ddl_"));
      assertThat(script.postData()).noneMatch(s -> s.contains("PUBLICATION") || s.contains("ddl_"));
      // The event trigger's function is an ordinary function.
      assertThat(script.preData()).anyMatch(s -> s.contains("FUNCTION public.on_ddl()"));
    }
  }

  /**
   * What a restore must reproduce exactly; table sizes may differ (a restored table has no dead
   * rows).
   */
  private static void assertSameSchema(SchemaScript actual, SchemaScript expected) {
    assertSameStatements("pre-data", actual.preData(), expected.preData());
    assertSameStatements("post-data", actual.postData(), expected.postData());
    assertSameStatements("ownership", actual.ownership(), expected.ownership());
    assertThat(actual.tables())
        .extracting(TableData::qualifiedName, TableData::copyColumns)
        .containsExactlyElementsOf(
            expected.tables().stream()
                .map(t -> org.assertj.core.groups.Tuple.tuple(t.qualifiedName(), t.copyColumns()))
                .toList());
    assertThat(actual.sequences()).containsExactlyElementsOf(expected.sequences());
  }

  /** Equal lists, or a failure that shows what differs rather than both lists whole. */
  private static void assertSameStatements(
      String what, List<String> actual, List<String> expected) {
    if (actual.equals(expected)) return;
    List<String> missing = expected.stream().filter(s -> !actual.contains(s)).toList();
    List<String> extra = actual.stream().filter(s -> !expected.contains(s)).toList();
    int first = 0;
    while (first < Math.min(actual.size(), expected.size())
        && actual.get(first).equals(expected.get(first))) first++;
    throw new AssertionError(
        what
            + " differs at statement "
            + first
            + "\nexpected: "
            + (first < expected.size() ? expected.get(first) : "(end)")
            + "\nactual:   "
            + (first < actual.size() ? actual.get(first) : "(end)")
            + "\nmissing: "
            + missing
            + "\nextra: "
            + extra);
  }

  private static void assertSameRows(ScratchDatabase a, ScratchDatabase b, SchemaScript script)
      throws SQLException {
    for (TableData t : script.tables()) {
      String sql =
          "SELECT coalesce(string_agg(x::text, '|' ORDER BY x::text), '') FROM "
              + t.qualifiedName()
              + " x";
      assertThat(b.column(sql)).as(t.qualifiedName()).isEqualTo(a.column(sql));
    }
  }

  /**
   * What neither dump shows but a restore must get right: index validity (partitioned indexes are
   * valid only once every partition's index is attached), where constraints, columns and triggers
   * come from (local, inherited, cloned), and inheritance links.
   */
  private static void assertSameCatalogFacts(ScratchDatabase a, ScratchDatabase b)
      throws SQLException {
    String[] queries = {
      "SELECT indexrelid::regclass || ' valid=' || indisvalid || ' clustered=' || indisclustered"
          + " FROM pg_index WHERE indexrelid >= 16384 ORDER BY 1",
      "SELECT conrelid::regclass || '.' || conname || ' validated=' || convalidated || ' local=' || conislocal"
          + " || ' inherited=' || coninhcount || ' cloned=' || (conparentid <> 0) || ' deferred=' || condeferred"
          + " FROM pg_constraint WHERE conrelid >= 16384 ORDER BY 1",
      "SELECT attrelid::regclass || '.' || attname || ' local=' || attislocal || ' inherited=' || attinhcount"
          + " || ' identity=' || attidentity::text || ' notnull=' || attnotnull FROM pg_attribute"
          + " WHERE attrelid >= 16384 AND attnum > 0 AND NOT attisdropped ORDER BY 1",
      "SELECT tgrelid::regclass || '.' || tgname || ' enabled=' || tgenabled::text || ' cloned=' || (tgparentid <> 0)"
          + " FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
      "SELECT inhrelid::regclass || ' < ' || inhparent::regclass FROM pg_inherits ORDER BY 1",
      "SELECT oid::regclass || ' ' || relkind::text || relpersistence::text || ' ' || relispopulated || ' ' || relreplident::text"
          + " || ' ' || relrowsecurity || relforcerowsecurity || ' ' || coalesce(reloptions::text, '')"
          + " FROM pg_class WHERE oid >= 16384 AND relkind <> 't' ORDER BY 1",
    };
    for (String q : queries) {
      // Toast tables are named after oids, which differ.
      String facts = "SELECT f FROM (" + q + ") q(f) WHERE f !~ '^pg_toast'";
      assertThat(b.column(facts)).as(q).containsExactlyElementsOf(a.column(facts));
    }
  }

  private static void comparePgDump(DumpServer server, ScratchDatabase a, ScratchDatabase b)
      throws Exception {
    Optional<Path> pgDump = server.pgDump();
    if (pgDump.isEmpty()) return; // no pg_dump this server accepts: the embedded PostgreSQL 17
    // pg_dump prints nested AND/OR lists as the catalog has them; see NestedBooleans.
    String original = NestedBooleans.flatten(a.pgDump(pgDump.get()));
    String restored = NestedBooleans.flatten(b.pgDump(pgDump.get()));
    Path dir = Path.of("target", "pg_dump");
    Files.deleteIfExists(dir.resolve(a.name() + "-original.sql"));
    Files.deleteIfExists(dir.resolve(a.name() + "-restored.sql"));
    if (!restored.equals(original)) {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(a.name() + "-original.sql"), original);
      Files.writeString(dir.resolve(a.name() + "-restored.sql"), restored);
      throw new AssertionError(
          "pg_dump differs after the round trip; compare the files in " + dir.toAbsolutePath());
    }
  }

  private static void assertFixtureShape(SchemaScript script, String role, Set<String> extensions) {
    List<String> pre = script.preData();
    List<String> post = script.postData();
    if (extensions.contains("citext"))
      assertThat(pre).contains("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public");
    assertThat(pre)
        .doesNotContain("CREATE SCHEMA public")
        .contains("CREATE SCHEMA \"Audit Log\"")
        .contains("CREATE TYPE app.empty_enum AS ENUM ()")
        .contains("CREATE COLLATION app.plain (provider = libc, locale = 'C')")
        .contains(
            "CREATE COLLATION app.split (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX')")
        .contains(
            "ALTER TABLE ONLY app.events ATTACH PARTITION app.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
        .contains("ALTER SEQUENCE app.customers_id_seq OWNED BY app.customers.id")
        .contains("ALTER TABLE ONLY app.trucks ALTER COLUMN id SET DEFAULT 7")
        // The cycle counters -> counter_count() -> counters is broken at the column default.
        .contains(
            "ALTER TABLE ONLY app.counters ALTER COLUMN value SET DEFAULT app.counter_count()")
        .anyMatch(
            s ->
                s.contains(
                    "id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.orders_id_seq START WITH 10 INCREMENT BY 5"))
        .noneMatch(s -> s.startsWith("CREATE SEQUENCE app.orders_id_seq"))
        .anyMatch(
            s ->
                s.startsWith("CREATE MATERIALIZED VIEW reporting.order_totals")
                    && s.endsWith("WITH NO DATA"));
    // A view grouping by a primary key needs the key before it: the key moves before the data.
    assertThat(
            pre.indexOf(
                "ALTER TABLE ONLY app.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id)"))
        .isPositive()
        .isLessThan(indexOfPrefix(pre, "CREATE VIEW reporting.customer_orders"));
    assertThat(indexOfPrefix(pre, "CREATE TABLE app.customers"))
        .isGreaterThan(indexOfPrefix(pre, "CREATE OR REPLACE FUNCTION app.next_code()"))
        .isGreaterThan(indexOfPrefix(pre, "CREATE SEQUENCE app.customers_id_seq"));
    assertThat(post)
        .contains(
            "ALTER TABLE ONLY app.orders ADD CONSTRAINT orders_amount_check CHECK ((amount > (0)::numeric)) NOT VALID"
                .replace("ALTER TABLE ONLY", "ALTER TABLE"))
        .contains(
            "ALTER DOMAIN app.small ADD CONSTRAINT small_check CHECK ((VALUE < 100)) NOT VALID")
        // The cycle limited -> within_limit() -> limits -> limited is broken at the domain's check.
        .contains(
            "ALTER DOMAIN app.limited ADD CONSTRAINT limited_check CHECK (app.within_limit(VALUE))")
        .contains("ALTER INDEX app.events_payload ATTACH PARTITION app.events_2024_payload_named")
        .contains("CREATE INDEX events_payload ON ONLY app.events USING btree (payload)")
        .contains("ALTER TABLE app.customers DISABLE TRIGGER customers_touch_disabled")
        .contains("ALTER TABLE app.places ENABLE ALWAYS TRIGGER places_batch")
        .contains("ALTER TABLE ONLY app.places REPLICA IDENTITY USING INDEX places_pkey")
        .anyMatch(
            s ->
                s.startsWith(
                    "CREATE CONSTRAINT TRIGGER places_audit AFTER INSERT ON app.places DEFERRABLE INITIALLY DEFERRED"))
        .contains("ALTER TABLE \"Audit Log\".entries ENABLE ROW LEVEL SECURITY")
        .contains("ALTER TABLE \"Audit Log\".entries FORCE ROW LEVEL SECURITY")
        .contains("COMMENT ON SCHEMA public IS 'changed public comment'")
        .contains("REFRESH MATERIALIZED VIEW reporting.order_totals")
        .doesNotContain("REFRESH MATERIALIZED VIEW reporting.later")
        .anyMatch(s -> s.contains("DEFERRABLE INITIALLY DEFERRED"))
        .anyMatch(s -> s.contains("EXCLUDE USING gist"))
        .noneMatch(s -> s.startsWith("CREATE TRIGGER events_keep BEFORE INSERT ON app.events_"));
    assertThat(post.indexOf("REFRESH MATERIALIZED VIEW reporting.order_totals"))
        .isLessThan(post.indexOf("REFRESH MATERIALIZED VIEW reporting.top_totals"))
        .isEqualTo(post.size() - 2);
    assertThat(script.ownership())
        .contains("ALTER TABLE \"Audit Log\".entries OWNER TO " + role)
        .contains("REVOKE EXECUTE ON FUNCTION app.next_code() FROM PUBLIC")
        .containsSubsequence(
            "GRANT UPDATE (name) ON TABLE app.customers TO " + role,
            "GRANT UPDATE (mood) ON TABLE app.customers TO " + role)
        .contains("GRANT INSERT, SELECT ON TABLE app.customers TO " + role + " WITH GRANT OPTION")
        .contains(
            "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA reporting GRANT SELECT ON TABLES TO "
                + role);
    // Deparsed nested AND/OR lists are written flat, as a restored database prints them.
    assertThat(pre)
        .anyMatch(
            s ->
                s.contains(
                    "CONSTRAINT intervals_check CHECK (((lo >= 0) AND (lo <= 100) AND (hi >= lo)"
                        + " AND (hi <= 200) AND (label IS NOT NULL)))"));
    if (extensions.contains("icu"))
      assertThat(pre)
          .contains(
              "CREATE COLLATION app.case_insensitive (provider = icu, locale = 'und-u-ks-level2',"
                  + " deterministic = false)");
    assertThat(script.tables())
        .extracting(TableData::name)
        .contains("events_2024", "events_2025_info", "events_old", "trucks", "scratch")
        .doesNotContain("events", "events_2025", "customer_orders", "order_totals");
    assertThat(script.sequences())
        .contains(new SequenceValue("app", "later_seq", 42, false))
        .contains(new SequenceValue("app", "orders_id_seq", 20, true));
  }

  private static int indexOfPrefix(List<String> statements, String prefix) {
    for (int i = 0; i < statements.size(); i++) if (statements.get(i).startsWith(prefix)) return i;
    throw new AssertionError("no statement starts with " + prefix + " in " + statements);
  }

  /** The extensions the server has, and "icu" if it was built with ICU. */
  private static Set<String> availableExtensions(ScratchDatabase db) throws SQLException {
    Set<String> available = new HashSet<>(db.column("SELECT name FROM pg_available_extensions"));
    if (!db.column("SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1").isEmpty())
      available.add("icu");
    return available;
  }

  private static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

package dev.strata.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaChange.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diff on real servers: a schema rebuilt from its model diffs to nothing, and applying {@code
 * diff(A, B)} to A gives a database whose diff with B is empty, for hand-written pairs that cover
 * each kind of change and for the safe forms the diff must choose.
 */
class SchemaDiffTest {
  static Stream<String> servers() {
    return Stream.of("embedded", "external");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void everyObjectKindRebuildsFromItsModel(String serverName) throws Exception {
    DumpServer server = DumpServer.named(serverName);
    String role = "strata_diff_" + UUID.randomUUID().toString().substring(0, 8);
    server.admin("CREATE ROLE " + role);
    try (ScratchDatabase a = server.createDatabase();
        ScratchDatabase b = server.createDatabase()) {
      a.run(Fixture.sql(role, Set.of(), server.majorVersion()));
      SchemaModel model = read(a);
      apply(b, model.statements());
      assertThat(SchemaDiff.between(model, read(b)).changes()).isEmpty();
      assertThat(SchemaDiff.between(read(b), model).changes()).isEmpty();
    } finally {
      server.admin("DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void helpdeskExampleRebuildsFromItsModel() throws Exception {
    DumpServer server = DumpServer.named("embedded");
    try (ScratchDatabase a = server.createDatabase();
        ScratchDatabase b = server.createDatabase()) {
      try (Stream<Path> dirs = Files.list(Path.of("../examples/helpdesk/migrations"))) {
        for (Path m :
            dirs.map(d -> d.resolve("migration.sql"))
                .filter(Files::isRegularFile)
                .sorted()
                .toList()) a.run(Files.readString(m));
      }
      SchemaModel model = read(a);
      assertThat(model.size()).isGreaterThan(20);
      apply(b, model.statements());
      assertThat(SchemaDiff.between(model, read(b)).changes()).isEmpty();
    }
  }

  @Test
  void columnChangesAlterTheTableInPlace() throws Exception {
    SchemaDiff diff =
        roundTrip(
            """
            CREATE TABLE t (id bigint PRIMARY KEY, a integer, b text, c varchar(20) DEFAULT 'x',
              d text NOT NULL, gone text);
            INSERT INTO t VALUES (1, 1, 'b', 'c', 'd', 'g');
            """,
            """
            CREATE TABLE t (id bigint PRIMARY KEY, a bigint, b text NOT NULL, c varchar(50),
              d text DEFAULT 'dd', e integer DEFAULT 0 NOT NULL,
              CONSTRAINT positive CHECK (a > 0));
            """);
    assertThat(diff.destructive())
        .extracting(SchemaChange::object)
        .containsExactly("COLUMN public.t.gone");
    assertThat(String.join("\n", statements(diff)))
        .contains("ALTER COLUMN a TYPE bigint")
        .contains("CHECK (b IS NOT NULL) NOT VALID")
        .contains("ADD CONSTRAINT positive CHECK ((a > 0)) NOT VALID")
        .contains("VALIDATE CONSTRAINT positive")
        .doesNotContain("DROP TABLE");
  }

  @Test
  void indexOnAnExistingTableIsBuiltConcurrentlyInItsOwnPhase() throws Exception {
    SchemaDiff diff =
        roundTrip(
            "CREATE TABLE t (id int PRIMARY KEY, a int);",
            """
            CREATE TABLE t (id int PRIMARY KEY, a int);
            CREATE INDEX t_a ON t (a);
            CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t);
            CREATE INDEX u_t ON u (t_id);
            ALTER TABLE t ADD CONSTRAINT t_self FOREIGN KEY (a) REFERENCES t (id);
            """);
    assertThat(diff.phase(Phase.AFTER))
        .singleElement()
        .satisfies(
            c -> assertThat(c.statements().get(0)).startsWith("CREATE INDEX CONCURRENTLY t_a"));
    assertThat(String.join("\n", statements(diff)))
        .contains("CREATE INDEX u_t")
        .contains("FOREIGN KEY (a) REFERENCES public.t(id) NOT VALID")
        .contains("VALIDATE CONSTRAINT t_self");
  }

  @Test
  void dependentViewsAreRecreatedAroundATypeChange() throws Exception {
    roundTrip(
        """
        CREATE TABLE t (id int PRIMARY KEY, a int, b text);
        CREATE VIEW v AS SELECT id, a FROM t;
        CREATE VIEW w AS SELECT a FROM v;
        COMMENT ON VIEW w IS 'w';
        """,
        """
        CREATE TABLE t (id int PRIMARY KEY, a bigint, b text);
        CREATE VIEW v AS SELECT id, a FROM t;
        CREATE VIEW w AS SELECT a FROM v;
        COMMENT ON VIEW w IS 'w';
        """);
  }

  @Test
  void enumsGainValuesInPlaceAndFunctionsAreReplaced() throws Exception {
    SchemaDiff diff =
        roundTrip(
            """
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            CREATE TABLE t (id int, m mood);
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
            CREATE VIEW v AS SELECT f() AS one;
            """,
            """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
            CREATE TABLE t (id int, m mood DEFAULT 'ok');
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2';
            CREATE VIEW v AS SELECT f() AS one;
            """);
    assertThat(diff.phase(Phase.BEFORE).get(0).statements())
        .containsExactly(
            "ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'happy'",
            "ALTER TYPE public.mood ADD VALUE 'ecstatic'");
    assertThat(diff.changes())
        .anySatisfy(c -> assertThat(c.action()).isEqualTo(SchemaChange.Action.REPLACE));
  }

  @Test
  void droppedTablesComeAfterWhatReferencesThem() throws Exception {
    SchemaDiff diff =
        roundTrip(
            """
            CREATE SCHEMA app;
            CREATE TABLE app.a (id int PRIMARY KEY);
            CREATE TABLE app.b (id int PRIMARY KEY, a_id int REFERENCES app.a);
            CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES app.a);
            CREATE SEQUENCE s;
            """,
            "CREATE TABLE c (id int PRIMARY KEY, a_id int); CREATE SEQUENCE s INCREMENT 5;");
    assertThat(diff.destructive()).hasSize(2);
  }

  @Test
  void noChangesMeansAnEmptyDiff() throws Exception {
    String schema =
        """
        CREATE TABLE t (id int PRIMARY KEY, a text DEFAULT 'x'::text, b int CHECK (b BETWEEN 1 AND 5 AND b <> 3));
        CREATE INDEX t_a ON t (lower(a)) WHERE b > 1;
        """;
    assertThat(roundTrip(schema, schema).changes()).isEmpty();
  }

  /** Applies diff(A, B) to A and checks the result diffs to nothing against B. */
  private static SchemaDiff roundTrip(String fromSql, String toSql) throws Exception {
    DumpServer server = DumpServer.named("embedded");
    try (ScratchDatabase a = server.createDatabase();
        ScratchDatabase b = server.createDatabase()) {
      a.run(fromSql);
      b.run(toSql);
      SchemaDiff diff = SchemaDiff.between(read(a), read(b));
      apply(a, statements(diff));
      assertThat(SchemaDiff.between(read(a), read(b)).changes())
          .as("left over after applying:\n%s", String.join(";\n", statements(diff)))
          .isEmpty();
      return diff;
    }
  }

  static List<String> statements(SchemaDiff diff) {
    return diff.changes().stream().flatMap(c -> c.statements().stream()).toList();
  }

  static SchemaModel read(ScratchDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      return SchemaModel.read(c, Set.of());
    }
  }

  static void apply(ScratchDatabase db, List<String> statements) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("SET check_function_bodies = false");
      for (String s : statements) {
        try {
          st.execute(s);
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + "\nin: " + s, e.getSQLState(), e);
        }
      }
    }
  }
}

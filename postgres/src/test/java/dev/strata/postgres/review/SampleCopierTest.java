package dev.strata.postgres.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.postgres.catalog.DumpServer;
import dev.strata.postgres.catalog.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data sample of {@code strata review --with-data}: copied between two fresh databases with the
 * same schema, on one server and, when {@code STRATA_TEST_PG_URL} is set, from that server (e.g.
 * PostgreSQL 15) into the embedded PostgreSQL 17, as a review from an older target would.
 */
class SampleCopierTest {
  private static final String SCHEMA =
      """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE parent (
        id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        twice int GENERATED ALWAYS AS (id * 2) STORED,
        feeling mood,
        moods mood[],
        tags text[],
        doc jsonb,
        waited interval);
      CREATE TABLE child (
        id bigserial PRIMARY KEY,
        parent_id int NOT NULL REFERENCES parent,
        note text);
      CREATE TABLE measurement (id int, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
      CREATE TABLE measurement_2023 PARTITION OF measurement
        FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
      CREATE TABLE measurement_2024 PARTITION OF measurement
        FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE "Mixed Case" ("Key" int PRIMARY KEY, "Value" text);
      CREATE SCHEMA app;
      CREATE TABLE app.base (id int, kind text);
      CREATE TABLE app.derived (extra text) INHERITS (app.base);
      CREATE TABLE strata_history (version int PRIMARY KEY);
      """;

  /**
   * 500 rows in each table but app.base, which has 50 of its own (so that its sample must not take
   * rows of app.derived); the first 100 children reference the last 100 parents.
   */
  private static final String DATA =
      """
      INSERT INTO parent (name, feeling, moods, tags, doc, waited)
        SELECT 'name ' || i || E'\\t tab \\n newline \\\\ backslash \\r cr \\\\N ü€😀',
               CASE WHEN i % 4 = 0 THEN NULL ELSE (ARRAY['sad','ok','happy'])[i % 3 + 1]::mood END,
               ARRAY['sad', 'happy']::mood[],
               ARRAY['a,b', 'quote"', NULL, E'line\\nbreak'],
               jsonb_build_object('i', i, 'text', E'tab\\there', 'nested', jsonb_build_array(1, 'x')),
               make_interval(days => -i, secs => -i)
        FROM generate_series(1, 500) i;
      INSERT INTO child (parent_id, note) SELECT 501 - i, 'child ' || i FROM generate_series(1, 500) i;
      INSERT INTO measurement SELECT i, date '2023-06-01' + (i % 2) * 365, i / 7.0
        FROM generate_series(1, 500) i;
      INSERT INTO "Mixed Case" SELECT i, E'value\\t' || i FROM generate_series(1, 500) i;
      INSERT INTO app.base SELECT i, 'base' FROM generate_series(1, 50) i;
      INSERT INTO app.derived SELECT i, 'derived', 'extra ' || i FROM generate_series(1, 500) i;
      INSERT INTO strata_history SELECT i FROM generate_series(1, 500) i;
      """;

  private static final List<String> COPIED =
      List.of("parent", "child", "measurement", "\"Mixed Case\"", "ONLY app.base", "app.derived");

  static Stream<Arguments> sourceAndShadow() {
    return Stream.of(
        Arguments.of("embedded", "embedded"),
        Arguments.of("external", "external"),
        Arguments.of("external", "embedded"));
  }

  @ParameterizedTest(name = "{0} into {1}")
  @MethodSource("sourceAndShadow")
  void copiesFirstRowsOfEachTableWithoutTheirReferencedRows(String from, String to)
      throws SQLException {
    DumpServer sourceServer = DumpServer.named(from);
    DumpServer shadowServer = DumpServer.named(to);
    try (ScratchDatabase source = sourceServer.createDatabase();
        ScratchDatabase shadow = shadowServer.createDatabase()) {
      source.run(SCHEMA + DATA);
      shadow.run(SCHEMA);
      try (Connection s = source.connect();
          Connection t = shadow.connect()) {
        // Its output is read differently under the shadow's IntervalStyle unless the copy sets it.
        try (Statement st = s.createStatement()) {
          st.execute("SET IntervalStyle = sql_standard");
        }
        SampleCopier.copy(s, t, 100, Set.of("public.strata_history"));
        assertThat(single(s, "SHOW IntervalStyle")).isEqualTo("sql_standard");
        assertThat(single(t, "SHOW session_replication_role")).isEqualTo("origin");
      }

      for (String table : COPIED) {
        String expected = table.equals("ONLY app.base") ? "50" : "100";
        assertThat(shadow.column("SELECT count(*) FROM " + table))
            .as(table)
            .containsExactly(expected);
        List<String> copied = shadow.column("SELECT x::text FROM " + table + " x");
        assertThat(new HashSet<>(source.column("SELECT x::text FROM " + table + " x")))
            .as(table)
            .containsAll(copied);
      }
      assertThat(shadow.column("SELECT count(*) FROM app.base")).containsExactly("150");
      assertThat(shadow.column("SELECT count(*) FROM strata_history")).containsExactly("0");
      assertThat(
              shadow.column(
                  "SELECT count(*) FROM child WHERE parent_id NOT IN (SELECT id FROM parent)"))
          .containsExactly("100");
      assertThat(shadow.column("SELECT count(*) FROM parent WHERE twice IS DISTINCT FROM id * 2"))
          .containsExactly("0");
      assertThat(
              shadow.column(
                  "SELECT count(*) FROM parent WHERE waited <> make_interval(days => -id, secs => -id)"))
          .containsExactly("0");
      assertThat(shadow.column("SELECT name FROM parent WHERE id = 1"))
          .containsExactly("name 1\t tab \n newline \\ backslash \r cr \\N ü€😀");
      assertThat(shadow.column("SELECT count(*) FROM pg_stats WHERE tablename = 'Mixed Case'"))
          .containsExactly("2");

      int maxParent = Integer.parseInt(shadow.column("SELECT max(id) FROM parent").get(0));
      int maxChild = Integer.parseInt(shadow.column("SELECT max(id) FROM child").get(0));
      assertThat(shadow.column("INSERT INTO parent (name) VALUES ('new') RETURNING id"))
          .containsExactly(Integer.toString(maxParent + 1));
      assertThat(shadow.column("INSERT INTO child (parent_id) VALUES (1) RETURNING id"))
          .containsExactly(Integer.toString(maxChild + 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "external"})
  void zeroRowsCopiesNothing(String serverName) throws SQLException {
    DumpServer server = DumpServer.named(serverName);
    try (ScratchDatabase source = server.createDatabase();
        ScratchDatabase shadow = server.createDatabase()) {
      source.run(SCHEMA + DATA);
      shadow.run(SCHEMA);
      try (Connection s = source.connect();
          Connection t = shadow.connect()) {
        SampleCopier.copy(s, t, 0, Set.of());
      }
      for (String table : COPIED)
        assertThat(shadow.column("SELECT count(*) FROM " + table)).as(table).containsExactly("0");
      assertThat(shadow.column("INSERT INTO parent (name) VALUES ('new') RETURNING id"))
          .containsExactly("1");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "external"})
  void rowTheShadowRejectsStopsTheCopyAndLeavesBothSessionsAsTheyWere(String serverName)
      throws SQLException {
    DumpServer server = DumpServer.named(serverName);
    try (ScratchDatabase source = server.createDatabase();
        ScratchDatabase shadow = server.createDatabase()) {
      source.run(SCHEMA + DATA);
      shadow.run(SCHEMA + "ALTER TABLE \"Mixed Case\" ADD CHECK (\"Key\" < 50);");
      try (Connection s = source.connect();
          Connection t = shadow.connect()) {
        assertThatThrownBy(() -> SampleCopier.copy(s, t, 100, Set.of()))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"))
            .hasMessageContaining("COPY \"public\".\"Mixed Case\" (\"Key\", \"Value\") FROM STDIN");
        assertThat(single(t, "SHOW session_replication_role")).isEqualTo("origin");
        assertThat(single(s, "SELECT count(*) FROM parent")).isEqualTo("500");
        assertThat(single(t, "SELECT count(*) FROM \"Mixed Case\"")).isEqualTo("0");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "external"})
  void shadowUserWhoMayNotSwitchOffTriggersIsToldWhatToGrant(String serverName)
      throws SQLException {
    DumpServer server = DumpServer.named(serverName);
    String role = "strata_sample_" + UUID.randomUUID().toString().substring(0, 8);
    server.admin("CREATE ROLE " + role + " LOGIN");
    try (ScratchDatabase source = server.createDatabase();
        ScratchDatabase shadow = server.createDatabase()) {
      source.run(SCHEMA + DATA);
      shadow.run(SCHEMA + "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role + ";");
      try (Connection s = source.connect();
          Connection t = server.connect(shadow.name(), role)) {
        assertThatThrownBy(() -> SampleCopier.copy(s, t, 100, Set.of()))
            .isInstanceOfSatisfying(
                StrataException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
            .hasMessageContaining("--with-data")
            .hasMessageContaining("GRANT SET ON PARAMETER session_replication_role TO \"" + role);
      }
      assertThat(shadow.column("SELECT count(*) FROM parent")).containsExactly("0");
    } finally {
      server.admin("DROP ROLE IF EXISTS " + role);
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

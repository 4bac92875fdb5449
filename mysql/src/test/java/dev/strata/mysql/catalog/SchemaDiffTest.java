package dev.strata.mysql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaComparison;
import dev.strata.testkit.MysqlTestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The diff's one promise, checked on the real server: its statements, run on the first schema, give
 * the second, part for part; and a schema compared with itself gives nothing. Hand-written pairs
 * for each kind of change, then seeded random ones ({@code STRATA_FULL_TESTS=1} runs many more).
 */
class SchemaDiffTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();
  private static final boolean FULL = "1".equals(System.getenv("STRATA_FULL_TESTS"));

  private MysqlTestServer server;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  @Test
  void columnsIndexesChecksAndOptions() throws Exception {
    roundTrip(
        List.of(
            "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(20), b INT DEFAULT 1,"
                + " c TEXT, KEY t_a (a), CONSTRAINT t_b CHECK (b > 0)) COMMENT='old'",
            "INSERT INTO t (a, b, c) VALUES ('x', 2, 'y')"),
        List.of(
            "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, c TEXT NOT NULL, b BIGINT DEFAULT 2,"
                + " d DATE, a VARCHAR(40), UNIQUE KEY t_a (a, d), KEY t_c (c(10)),"
                + " CONSTRAINT t_b CHECK (b >= 0))"));
  }

  @Test
  void foreignKeysBetweenCreatedAlteredAndDroppedTables() throws Exception {
    roundTrip(
        List.of(
            "CREATE TABLE parent (id INT PRIMARY KEY)",
            "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,"
                + " CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))",
            "CREATE TABLE gone_a (id INT PRIMARY KEY)",
            "CREATE TABLE gone_b (id INT PRIMARY KEY, a INT REFERENCES gone_a (id))"),
        List.of(
            // child and other refer to each other: one of them is created first.
            "SET foreign_key_checks = 0",
            "CREATE TABLE parent (id INT PRIMARY KEY)",
            "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, other_id INT,"
                + " CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)"
                + " ON DELETE CASCADE, CONSTRAINT child_other FOREIGN KEY (other_id)"
                + " REFERENCES other (id))",
            "CREATE TABLE other (id INT PRIMARY KEY, child_id INT,"
                + " FOREIGN KEY (child_id) REFERENCES child (id))"));
  }

  @Test
  void foreignKeysAroundTheColumnsAndIndexesTheyNeed() throws Exception {
    SchemaComparison diff =
        roundTrip(
            List.of(
                "CREATE TABLE parent (id INT PRIMARY KEY, code INT, UNIQUE KEY parent_code (code))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, code INT, note INT,"
                    + " KEY child_parent (parent_id),"
                    + " CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id),"
                    + " CONSTRAINT child_code_fk FOREIGN KEY (code) REFERENCES parent (code))"),
            List.of(
                "CREATE TABLE parent (id BIGINT PRIMARY KEY, code INT, UNIQUE KEY parent_code (code))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id BIGINT, code INT, note BIGINT,"
                    + " KEY child_parent_renamed (parent_id),"
                    + " CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id),"
                    + " CONSTRAINT child_code_fk FOREIGN KEY (code) REFERENCES parent (code))"));
    // Only the key on the changed columns is dropped and added again, not the other one.
    assertThat(diff.sql()).contains("DROP FOREIGN KEY `child_parent_fk`");
    assertThat(diff.sql()).doesNotContain("DROP FOREIGN KEY `child_code_fk`");
  }

  @Test
  void charsetsViewsRoutinesTriggersAndEvents() throws Exception {
    roundTrip(
        List.of(
            "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(50), body TEXT) CHARSET latin1",
            "CREATE VIEW v AS SELECT id FROM t",
            "CREATE VIEW gone AS SELECT name FROM t",
            "CREATE PROCEDURE p() SELECT 1",
            "CREATE TRIGGER t_ins BEFORE INSERT ON t FOR EACH ROW SET NEW.name = 'a'",
            "CREATE EVENT e ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t WHERE id < 0"),
        List.of(
            "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(50), body TEXT)"
                + " CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci",
            "CREATE VIEW v AS SELECT id, name FROM t",
            "CREATE VIEW v2 AS SELECT id FROM v",
            "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN DECLARE y INT;"
                + " SET y = x * 2; RETURN y; END",
            "CREATE PROCEDURE p() SELECT 2",
            "CREATE TRIGGER t_ins BEFORE INSERT ON t FOR EACH ROW SET NEW.name = 'b'",
            "CREATE EVENT e ON SCHEDULE EVERY 2 HOUR DO DELETE FROM t WHERE id < 0"));
  }

  @Test
  void aColumnMovedAndOneAddedFirst() throws Exception {
    roundTrip(
        List.of("CREATE TABLE t (a INT, b INT, c INT, d INT)"),
        List.of("CREATE TABLE t (z INT, d INT, a INT, c INT, b INT)"));
  }

  @Test
  void destructiveChangesSayWhy() throws Exception {
    SchemaComparison diff =
        roundTrip(
            List.of(
                "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(40), b INT)",
                "CREATE TABLE u (id INT)"),
            List.of("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10))"));
    assertThat(diff.destructive())
        .extracting(SchemaChange::object)
        .containsExactlyInAnyOrder("TABLE `t`", "TABLE `u`");
    assertThat(diff.sql())
        .contains("DROP COLUMN `b`")
        .contains("from varchar(40) to varchar(10)")
        .contains("DROP TABLE `u`");
  }

  /** Random tables, changed at random: each pair must round-trip. */
  @Test
  void seededRandomSchemasRoundTrip() throws Exception {
    long seed = Long.getLong("strata.seed", 20261206L);
    int pairs = FULL ? 120 : 12;
    for (int i = 0; i < pairs; i++) {
      Random random = new Random(seed + i);
      RandomSchema a = RandomSchema.generate(random);
      RandomSchema b = a.mutate(random);
      try {
        roundTrip(a.statements(), b.statements());
      } catch (AssertionError | SQLException e) {
        throw new AssertionError(
            "seed " + (seed + i) + "\nfrom:\n" + a.statements() + "\nto:\n" + b.statements(), e);
      }
    }
  }

  private SchemaComparison roundTrip(List<String> from, List<String> to) throws SQLException {
    try (MysqlTestServer.Db a = server.createDatabase();
        MysqlTestServer.Db b = server.createDatabase();
        Connection ca = a.connect();
        Connection cb = b.connect()) {
      run(ca, from);
      run(cb, to);
      MysqlSchema before = MysqlSchema.read(ca, a.name(), List.of());
      MysqlSchema wanted = MysqlSchema.read(cb, b.name(), List.of());
      assertThat(SchemaDiff.compare(before, before).isEmpty()).isTrue();
      SchemaComparison diff = SchemaDiff.compare(before, wanted);
      List<String> statements = new ArrayList<>();
      for (SchemaChange change : diff.changes()) statements.addAll(change.statements());
      try {
        run(ca, statements);
      } catch (SQLException e) {
        throw new AssertionError("The diff did not run:\n" + diff.sql(), e);
      }
      MysqlSchema after = MysqlSchema.read(ca, a.name(), List.of());
      SchemaComparison left = SchemaDiff.compare(after, wanted);
      assertThat(left.changes()).as("left after running:\n%s", diff.sql()).isEmpty();
      // Built from its statements, a schema is itself again (what pull writes).
      try (MysqlTestServer.Db c = server.createDatabase();
          Connection cc = c.connect()) {
        run(cc, wanted.statements());
        MysqlSchema rebuilt = MysqlSchema.read(cc, c.name(), List.of());
        assertThat(SchemaDiff.compare(rebuilt, wanted).changes()).isEmpty();
      }
      return diff;
    }
  }

  private static void run(Connection c, List<String> statements) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : statements) {
        try {
          st.execute(s);
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + " in: " + s, e.getSQLState(), e);
        }
      }
    }
  }
}

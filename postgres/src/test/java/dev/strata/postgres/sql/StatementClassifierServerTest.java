package dev.strata.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.sql.SqlStatement;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks the classifier's transaction rules against a real server: every statement it calls
 * non-transactional must fail inside {@code BEGIN} with SQLSTATE 25001, and every one it allows
 * must run there. Runs in a scratch database created and dropped here, only when {@code
 * STRATA_TEST_PG_URL} is set (e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres}; the user
 * must be a superuser).
 *
 * <p>Not covered, because they need a reachable publisher: {@code ALTER SUBSCRIPTION ... REFRESH}
 * and {@code ... SET/ADD/DROP PUBLICATION} with refresh (on a disabled subscription the server
 * reports that first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementClassifierServerTest {
  private static final String ACTIVE_SQL_TRANSACTION_FORBIDDEN = "25001";

  private String adminUrl;
  private String scratchUrl;
  private String db;
  private String suffix;

  @BeforeAll
  void createScratchDatabase() throws SQLException {
    String url = System.getenv("STRATA_TEST_PG_URL");
    assumeTrue(url != null && !url.isBlank(), "STRATA_TEST_PG_URL is not set");
    suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    db = "strata_classifier_" + suffix;
    adminUrl = jdbcUrl(url, null);
    scratchUrl = jdbcUrl(url, db);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    run(
        "CREATE TABLE t (a int PRIMARY KEY, b int)",
        "CREATE INDEX t_b ON t (b)",
        "CREATE TABLE p (a int) PARTITION BY RANGE (a)",
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)",
        "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
        "CREATE UNIQUE INDEX mv_a ON mv (a)",
        "CREATE TYPE mood AS ENUM ('happy')",
        "CREATE PUBLICATION pub_" + suffix + " FOR TABLE t",
        // connect = false: no publisher needed, but the subscription keeps a slot name, so dropping
        // it
        // would have to drop that slot on the publisher
        "CREATE SUBSCRIPTION sub_"
            + suffix
            + " CONNECTION 'dbname="
            + db
            + "' PUBLICATION pub_"
            + suffix
            + " WITH (connect = false)");
  }

  @AfterAll
  void dropScratchDatabase() throws SQLException {
    if (db == null) return;
    try {
      run(
          "ALTER SUBSCRIPTION sub_" + suffix + " SET (slot_name = NONE)",
          "DROP SUBSCRIPTION sub_" + suffix);
    } finally {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  @Test
  void statementsCalledNonTransactionalAreRefusedInATransaction() throws SQLException {
    List<String> refused =
        List.of(
            "CREATE INDEX CONCURRENTLY i1 ON t (b)",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i2 ON t (a)",
            "CREATE INDEX CONCURRENTLY ON t (b)",
            "DROP INDEX CONCURRENTLY t_b",
            "DROP INDEX CONCURRENTLY IF EXISTS no_such_index",
            "REINDEX TABLE CONCURRENTLY t",
            "REINDEX (CONCURRENTLY) INDEX t_b",
            "REINDEX DATABASE " + db,
            "REINDEX (VERBOSE) SYSTEM " + db,
            "VACUUM",
            "VACUUM t",
            "VACUUM (ANALYZE) t",
            "VACUUM FULL t",
            "CREATE DATABASE " + db + "_x",
            "DROP DATABASE IF EXISTS " + db + "_x",
            "ALTER DATABASE " + db + " SET TABLESPACE pg_default",
            "ALTER DATABASE " + db + " WITH TABLESPACE pg_default",
            "ALTER SYSTEM SET work_mem = '4MB'",
            "CREATE TABLESPACE ts_" + suffix + " LOCATION '/nonexistent/strata'",
            "DROP TABLESPACE IF EXISTS ts_" + suffix,
            "CLUSTER",
            "CLUSTER VERBOSE",
            "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
            "CREATE SUBSCRIPTION s2_"
                + suffix
                + " CONNECTION 'dbname="
                + db
                + "' PUBLICATION pub_"
                + suffix,
            "DROP SUBSCRIPTION sub_" + suffix,
            "DISCARD ALL",
            "COMMIT PREPARED 'strata_no_such_tx'",
            "ROLLBACK PREPARED 'strata_no_such_tx'");
    List<String> wrong = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(scratchUrl)) {
      c.setAutoCommit(false);
      for (String sql : refused) {
        if (StatementClassifier.nonTransactionalReason(statement(sql)).isEmpty()) {
          wrong.add("classifier allows in a transaction: " + sql);
        }
        try (Statement s = c.createStatement()) {
          s.execute(sql);
          wrong.add("server ran in a transaction: " + sql);
        } catch (SQLException e) {
          if (!ACTIVE_SQL_TRANSACTION_FORBIDDEN.equals(e.getSQLState())) {
            wrong.add("server said " + e.getSQLState() + " " + e.getMessage() + ": " + sql);
          }
        } finally {
          c.rollback();
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void statementsAllowedByTheClassifierRunInATransaction() throws SQLException {
    List<String> allowed =
        List.of(
            "CREATE INDEX i3 ON t (b)",
            "DROP INDEX t_b",
            "REINDEX TABLE t",
            "REINDEX (CONCURRENTLY false) TABLE t",
            "REINDEX INDEX t_b",
            "ANALYZE t",
            "CLUSTER t USING t_pkey",
            "ALTER DATABASE " + db + " SET work_mem = '4MB'",
            "ALTER DATABASE " + db + " RESET ALL",
            "ALTER TABLE p DETACH PARTITION p1",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
            "ALTER TYPE mood ADD VALUE 'sad'",
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy'",
            "CREATE SUBSCRIPTION s3_"
                + suffix
                + " CONNECTION 'dbname="
                + db
                + "' PUBLICATION pub_"
                + suffix
                + " WITH (connect = false)",
            "ALTER SUBSCRIPTION sub_"
                + suffix
                + " SET PUBLICATION pub_"
                + suffix
                + " WITH (refresh = false)",
            "ALTER SUBSCRIPTION sub_" + suffix + " DISABLE",
            "ALTER SUBSCRIPTION sub_" + suffix + " SET (slot_name = NONE)",
            "DISCARD PLANS",
            "CHECKPOINT",
            "SAVEPOINT s");
    List<String> wrong = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(scratchUrl)) {
      c.setAutoCommit(false);
      for (String sql : allowed) {
        StatementClassifier.nonTransactionalReason(statement(sql))
            .ifPresent(reason -> wrong.add("classifier refuses (" + reason + "): " + sql));
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        } catch (SQLException e) {
          wrong.add("server said " + e.getSQLState() + " " + e.getMessage() + ": " + sql);
        } finally {
          c.rollback();
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private void run(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(scratchUrl);
        Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static SqlStatement statement(String sql) {
    List<SqlStatement> statements = new PostgresSplitter().split(sql);
    if (statements.size() != 1) fail("not one statement: " + sql);
    return statements.get(0);
  }

  /**
   * {@code postgresql://user[:password]@host[:port]/database[?params]} as a pgjdbc URL, for {@code
   * database} if given instead of the one in the URL.
   */
  static String jdbcUrl(String url, String database) {
    URI uri = URI.create(url.trim());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw new IllegalArgumentException("not a postgresql:// URL: " + url);
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) jdbc.append(':').append(uri.getPort());
    String path =
        uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
    jdbc.append(database == null ? path : "/" + database);
    List<String> params = new ArrayList<>();
    if (uri.getRawQuery() != null) params.add(uri.getRawQuery());
    if (uri.getRawUserInfo() != null) {
      String[] user = uri.getRawUserInfo().split(":", 2);
      params.add("user=" + user[0]);
      if (user.length > 1) params.add("password=" + user[1]);
    }
    if (!params.isEmpty()) jdbc.append('?').append(String.join("&", params));
    return jdbc.toString();
  }
}

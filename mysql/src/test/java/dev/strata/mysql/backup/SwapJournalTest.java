package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A restore killed after any step of its swap (the steps before it marked done, that one not yet),
 * or before any: the next restore finishes the journal and the database is the restored one, whole.
 */
class SwapJournalTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();

  private static void run(Connection c, String... sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : sql) st.execute(s);
    }
  }

  @Test
  void aSwapKilledAfterAnyStepIsFinishedByTheJournal() throws Exception {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    MysqlTestServer server = SERVER.get();
    int steps = Integer.MAX_VALUE;
    for (int killedAfter = 0; killedAfter <= steps; killedAfter++) {
      try (MysqlTestServer.Db live = server.createDatabase();
          MysqlTestServer.Db staging = server.createDatabase();
          MysqlTestServer.Db old = server.createDatabase();
          Connection c = live.connect();
          Connection s = staging.connect()) {
        run(
            c,
            "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
            "INSERT INTO t VALUES (1, 'live')",
            "CREATE TABLE only_live (id INT)",
            "CREATE TRIGGER t_live BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'live-trg'",
            "CREATE VIEW v_live AS SELECT id FROM t",
            "CREATE PROCEDURE p_live() SELECT 1");
        run(
            s,
            "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
            "INSERT INTO t VALUES (1, 'restored'), (2, 'restored')",
            "CREATE TABLE only_backup (id INT)",
            "CREATE TRIGGER t_backup BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'backup-trg'",
            "CREATE VIEW v_backup AS SELECT v FROM t",
            "CREATE PROCEDURE p_backup() BEGIN SELECT 2; SELECT 3; END");
        run(c, "DROP DATABASE `" + old.name() + "`");
        DumpRestorer restorer =
            new DumpRestorer(
                new DumpWriter.Connector() {
                  @Override
                  public Connection open() throws SQLException {
                    return server.connect(live.name());
                  }

                  @Override
                  public Connection open(String other) throws SQLException {
                    return server.connect(other);
                  }
                },
                live.name());
        List<String> plan = restorer.swapSteps(c, staging.name(), old.name(), List.of());
        steps = plan.size() - 1;
        run(c, "CREATE DATABASE `" + old.name() + "`");
        SwapJournal.write(c, old.name(), plan);
        // The kill: steps before `killedAfter` ran and were marked done; that one ran, unmarked
        // (killedAfter = 0: the kill came before the first step).
        int last = plan.size() - 1;
        for (int i = 0; i < killedAfter && i < last; i++) run(c, plan.get(i));
        if (killedAfter > 1)
          run(
              c,
              "UPDATE `"
                  + old.name()
                  + "`._strata_swap SET done = 1 WHERE step < "
                  + (killedAfter - 1));
        SwapJournal.finish(c, old.name());

        String where = "killed after step " + killedAfter + " of " + plan.size();
        assertThat(live.column("SELECT v FROM t ORDER BY id"))
            .as(where)
            .containsExactly("restored", "restored");
        assertThat(live.column("SHOW TABLES"))
            .as(where)
            .containsExactly("only_backup", "t", "v_backup");
        assertThat(
                live.column(
                    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
            .as(where)
            .containsExactly("t_backup");
        assertThat(
                live.column(
                    "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"))
            .as(where)
            .containsExactly("p_backup");
        run(c, "INSERT INTO t (id) VALUES (3)");
        assertThat(live.single("SELECT v FROM t WHERE id = 3")).as(where).isEqualTo("backup-trg");
        assertThat(live.column("SHOW DATABASES LIKE '" + old.name() + "'")).as(where).isEmpty();
        assertThat(live.column("SHOW DATABASES LIKE '" + staging.name() + "'")).as(where).isEmpty();
      }
    }
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.StrataProcess;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real processes: concurrent deployers, SIGKILL in the middle of a migration, a held lock. */
class ConcurrencyAndCrashTest {
  @TempDir Path work;

  private static void await(Process p) throws InterruptedException {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished in time").isTrue();
  }

  private static String waitForRow(TestDatabase db, String sql, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      List<String> values = db.column(sql);
      if (!values.isEmpty() && values.get(0) != null && values.get(0).equals("t")) return "t";
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for: " + sql);
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void eightConcurrentDeployersApplyEveryMigrationExactlyOnce(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    for (int i = 1; i <= 12; i++) {
      m.add(
          String.format("202401010000%02d_m%02d", i, i),
          "CREATE TABLE t"
              + i
              + " (id int);\nINSERT INTO t"
              + i
              + " VALUES ("
              + i
              + ");\nSELECT pg_sleep(0.05);");
    }
    try (TestDatabase db = server.createDatabase()) {
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        processes.add(
            StrataProcess.start(
                work,
                work.resolve("out" + i + ".log").toFile(),
                "deploy",
                "--url",
                db.url(),
                "--dir",
                m.dir().toString()));
      }
      for (int i = 0; i < processes.size(); i++) {
        await(processes.get(i));
        assertThat(processes.get(i).exitValue())
            .as(Files.readString(work.resolve("out" + i + ".log")))
            .isZero();
      }
      assertThat(db.single("SELECT count(*) FROM _strata_migrations")).isEqualTo("12");
      assertThat(
              db.single(
                  "SELECT count(DISTINCT migration_name) FROM _strata_migrations WHERE finished_at IS NOT NULL"))
          .isEqualTo("12");
      for (int i = 1; i <= 12; i++)
        assertThat(db.single("SELECT count(*) FROM t" + i)).isEqualTo("1");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void killedInTheMiddleOfATransactionalMigrationTheRerunEndsLikeAnUninterruptedRun(
      TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add(
        "20240102000000_slow",
        "CREATE TABLE b (id int);\nINSERT INTO b SELECT generate_series(1, 1000);\n"
            + "SELECT pg_sleep(30);\nCREATE TABLE c (id int);");
    m.add("20240103000000_after", "CREATE TABLE d (id int);");
    try (TestDatabase db = server.createDatabase();
        TestDatabase reference = server.createDatabase()) {
      File log = work.resolve("killed.log").toFile();
      // Text rules only: a shadow run would sleep its 30 s before the target's run starts.
      Process p =
          StrataProcess.start(
              work,
              log,
              "deploy",
              "--url",
              db.url(),
              "--dir",
              m.dir().toString(),
              "--review",
              "static");
      waitForRow(
          db,
          "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
              + " AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid())",
          Duration.ofSeconds(60));
      killAndDropConnection(p, db, "%pg_sleep(30)%");
      assertThat(db.single("SELECT to_regclass('b') IS NULL")).isEqualTo("t");

      Files.writeString(
          m.dir().resolve("20240102000000_slow/migration.sql"),
          Files.readString(m.dir().resolve("20240102000000_slow/migration.sql")));
      // Rerun with the sleep still in the file would take 30 s; the row count proves the rerun ran
      // it.
      var rerun = runFast(db, m);
      assertThat(rerun.exitCode()).as(rerun.all()).isZero();
      var uninterrupted = runFast(reference, m);
      assertThat(uninterrupted.exitCode()).isZero();
      assertThat(db.schemaFingerprint()).isEqualTo(reference.schemaFingerprint());
      assertThat(history(db)).isEqualTo(history(reference));
      assertThat(db.single("SELECT count(*) FROM b")).isEqualTo("1000");
    }
  }

  /**
   * SIGKILLs the deployer and drops its server session. Killing the client alone does not stop a
   * backend in the middle of a statement (it only notices when it next writes to the socket), so a
   * real crash is the process dying and its connection going with it.
   */
  private static void killAndDropConnection(Process p, TestDatabase db, String queryLike)
      throws InterruptedException {
    p.destroyForcibly();
    await(p);
    db.column(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND pid <> pg_backend_pid() AND application_name LIKE 'strata %'");
    waitForRow(
        db,
        "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            + " AND query LIKE '"
            + queryLike
            + "' AND pid <> pg_backend_pid())",
        Duration.ofSeconds(60));
  }

  /** Deploys with pg_sleep made instant, so reruns of the slow migration take no time. */
  private Cli.Result runFast(TestDatabase db, Migrations m) {
    db.execute(
        "CREATE OR REPLACE FUNCTION public.pg_sleep(double precision) RETURNS void LANGUAGE sql AS 'SELECT'");
    db.execute("ALTER DATABASE " + db.name() + " SET search_path = public, pg_catalog");
    return Cli.run(
        work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "static");
  }

  private static List<String> history(TestDatabase db) {
    return db.column(
        "SELECT migration_name || ' ' || checksum || ' ' || (finished_at IS NOT NULL) || ' '"
            + " || applied_steps_count || ' ' || coalesce(logs, '-') FROM _strata_migrations"
            + " WHERE rolled_back_at IS NULL ORDER BY migration_name");
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void killedInTheMiddleOfANonTransactionalMigrationTheRerunResumesAndRebuildsTheInvalidIndex(
      TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_a",
        "CREATE TABLE a (id int, name text);\n"
            + "INSERT INTO a SELECT g, 'n' || g FROM generate_series(1, 20000) g;\n"
            + "CREATE FUNCTION slow_lower(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$\n"
            + "BEGIN\n"
            + "  -- Sleeps only where the test asks for it, so the index build can be killed half-way.\n"
            + "  IF t = 'n19999' AND current_setting('strata_test.slow', true) = 'on' THEN PERFORM pg_sleep(30); END IF;\n"
            + "  RETURN lower(t);\nEND $$;");
    m.add(
        "20240102000000_idx",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id ON a (id);\n"
            + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_lower ON a (slow_lower(name));\n"
            + "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_name ON a (name);\n");
    try (TestDatabase db = server.createDatabase();
        TestDatabase reference = server.createDatabase()) {
      db.execute("ALTER DATABASE " + db.name() + " SET strata_test.slow = 'on'");
      File log = work.resolve("killed.log").toFile();
      Process p =
          StrataProcess.start(work, log, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      waitForRow(
          db,
          "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
              + " AND query LIKE '%CREATE INDEX CONCURRENTLY IF NOT EXISTS a_lower%' AND wait_event = 'PgSleep')",
          Duration.ofSeconds(60));
      killAndDropConnection(p, db, "%CREATE INDEX CONCURRENTLY%");
      // The killed build left an INVALID index behind, and one completed step is recorded.
      assertThat(
              db.single(
                  "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'a_lower'::regclass"))
          .isEqualTo("t");
      assertThat(
              db.single(
                  "SELECT applied_steps_count FROM _strata_migrations WHERE migration_name = '20240102000000_idx'"))
          .isEqualTo("1");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(status.out()).contains("interrupted  20240102000000_idx");

      db.execute("ALTER DATABASE " + db.name() + " RESET strata_test.slow");
      var rerun = Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(rerun.exitCode()).as(rerun.all()).isZero();
      assertThat(rerun.err())
          .contains("resuming after step 1 of 3")
          .contains("a_lower was left INVALID");
      assertThat(
              db.single("SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'a'::regclass"))
          .isEqualTo("t");

      assertThat(
              Cli.run(work, "deploy", "--url", reference.url(), "--dir", m.dir().toString())
                  .exitCode())
          .isZero();
      assertThat(db.schemaFingerprint()).isEqualTo(reference.schemaFingerprint());
      assertThat(history(db)).isEqualTo(history(reference));
    }
  }

  /**
   * Two commands in one folder on the embedded database: the second waits for the first to finish
   * with it (one server per data folder), then runs; nobody is told to delete .strata.
   */
  @org.junit.jupiter.api.Test
  void aSecondCommandOnTheEmbeddedDatabaseWaitsForTheFirst() throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_slow", "CREATE TABLE a (id int);\nSELECT pg_sleep(4);\n");
    java.io.File log = work.resolve("deploy.log").toFile();
    Process deploy = StrataProcess.start(work, log, "deploy", "--review", "off");
    // The first process holds the folder once its server is up (or starting).
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!java.nio.file.Files.readString(log.toPath()).contains("20240101000000_slow")
        && deploy.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(deploy.isAlive()).as("the deploy still runs when status starts").isTrue();
    var status = Cli.run(work, "status", "--no-drift");
    await(deploy);
    assertThat(deploy.exitValue()).as(java.nio.file.Files.readString(log.toPath())).isZero();
    assertThat(status.exitCode()).as(status.all()).isZero();
    assertThat(status.out()).contains("applied      20240101000000_slow");
    assertThat(status.all()).doesNotContain("Delete").doesNotContain("Cannot start");
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void secondDeployerWaitsNamingTheHolderThenExitsFive(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase();
        Connection holder = db.connect();
        Statement st = holder.createStatement()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", m.dir().toString()).exitCode())
          .isZero();
      st.execute("SET application_name = 'other-deployer'");
      long key = 0x5354_0000_0000_0000L | crc("strata:_strata_migrations");
      st.execute("SELECT pg_advisory_lock(" + key + ")");
      var blocked =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--lock-wait", "1");
      assertThat(blocked.exitCode()).isEqualTo(5);
      assertThat(blocked.err())
          .contains("Waiting for the deploy lock")
          .contains("other-deployer")
          .contains("pid ")
          .contains("--lock-wait");
      st.execute("SELECT pg_advisory_unlock(" + key + ")");
      assertThat(
              Cli.run(
                      work,
                      "deploy",
                      "--url",
                      db.url(),
                      "--dir",
                      m.dir().toString(),
                      "--lock-wait",
                      "1")
                  .exitCode())
          .isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void prismaLockKeyIsUsedOnPrismasHistoryTable(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase();
        Connection holder = db.connect();
        Statement st = holder.createStatement()) {
      PrismaHistoryTest.createPrismaTable(db);
      st.execute("SELECT pg_advisory_lock(72707369)");
      var blocked =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--lock-wait", "1");
      assertThat(blocked.exitCode()).isEqualTo(5);
    }
  }

  private static long crc(String text) {
    var crc = new java.util.zip.CRC32();
    crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue();
  }
}

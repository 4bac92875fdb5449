package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.StrataProcess;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a deploy, on real processes: the statement is cancelled on the
 * server, nothing commits afterwards, the deploy lock is released, status tells the truth, and the
 * process exits 130 saying where the database stands.
 */
class InterruptTest {
  @TempDir Path work;

  /**
   * A process started in the background by a shell without job control ({@code cmd &} in a script)
   * has SIGINT ignored, and so have its children: Ctrl-C cannot reach them, by POSIX, and no
   * program can take it back. Then these tests say so instead of failing.
   */
  @org.junit.jupiter.api.BeforeAll
  static void sigintReachesProcesses() throws java.io.IOException {
    Path status = Path.of("/proc/self/status");
    if (!java.nio.file.Files.isReadable(status)) return;
    for (String line : java.nio.file.Files.readAllLines(status)) {
      if (!line.startsWith("SigIgn:")) continue;
      long ignored = Long.parseUnsignedLong(line.substring(7).strip(), 16);
      org.junit.jupiter.api.Assumptions.assumeTrue(
          (ignored & (1L << 1)) == 0,
          "SIGINT is ignored in this environment (started in the background without job"
              + " control), so Ctrl-C cannot be delivered to the processes under test");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void ctrlCDuringATransactionalMigrationCancelsItOnTheServer(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add("20240102000000_slow", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);\n");
    try (TestDatabase db = server.createDatabase()) {
      Path log = work.resolve("deploy.log");
      Process p = start(db, m, log);
      Await.running(db, "pg_sleep(60)");
      var during =
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString(), "--no-drift");
      assertThat(during.out()).contains("pending      20240102000000_slow  (being applied by pid ");
      long signalled = System.nanoTime();
      Await.signal(p, "INT");
      Await.exit(p);
      String output = Files.readString(log);
      assertThat(p.exitValue()).as(output).isEqualTo(130);
      assertThat(Duration.ofNanos(System.nanoTime() - signalled))
          .isLessThan(Duration.ofSeconds(15));
      assertThat(output)
          .contains("cancelling the running statement on the server")
          .contains("Applied before the interruption: 20240101000000_a")
          .contains("its transaction rolled back: nothing of it was applied");
      Await.notRunning(db, "pg_sleep(60)", Duration.ofSeconds(5));
      assertThat(db.single("SELECT to_regclass('b') IS NULL")).isEqualTo("t");

      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString(), "--no-drift");
      assertThat(status.exitCode()).isEqualTo(3);
      assertThat(status.out()).contains("pending      20240102000000_slow");

      // The lock was released: the next deploy starts at once.
      makeSleepInstant(db);
      var next = deployNoWait(db, m);
      assertThat(next.exitCode()).as(next.all()).isZero();
      assertThat(db.single("SELECT to_regclass('b') IS NOT NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void sigtermDuringAStepwiseMigrationKeepsItsCompletedStatements(TestServer server)
      throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_c",
        "CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL);\n"
            + "INSERT INTO c VALUES (1, 0);\n");
    m.add(
        "20240102000000_backfill",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS c_n_idx ON c (n);\n"
            + "UPDATE c SET n = n + 1 FROM (SELECT pg_sleep(60)) AS pause;\n");
    try (TestDatabase db = server.createDatabase()) {
      Path log = work.resolve("deploy.log");
      Process p = start(db, m, log);
      Await.running(db, "pg_sleep(60)");
      Await.signal(p, "TERM");
      Await.exit(p);
      String output = Files.readString(log);
      assertThat(p.exitValue()).as(output).isEqualTo(130);
      assertThat(output)
          .contains("Statement 1 of 2 are applied and recorded")
          .contains("resumes after statement 1");
      Await.notRunning(db, "pg_sleep(60)", Duration.ofSeconds(5));
      assertThat(db.single("SELECT n FROM c")).isEqualTo("0");

      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString(), "--no-drift");
      assertThat(status.out()).contains("interrupted  20240102000000_backfill");
      assertThat(status.out()).contains("1 statement(s) are recorded as applied");

      makeSleepInstant(db);
      var next = deployNoWait(db, m);
      assertThat(next.exitCode()).as(next.all()).isZero();
      assertThat(next.err()).contains("resuming after step 1 of 2");
      assertThat(db.single("SELECT n FROM c")).isEqualTo("1");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aSecondCtrlCExitsAtOnceWhenTheStatementIgnoresTheCancel(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    // A statement that swallows the cancel request: only the second Ctrl-C ends the deploy.
    m.add(
        "20240101000000_stubborn",
        "CREATE TABLE s (id int);\n"
            + "DO $$ BEGIN LOOP BEGIN PERFORM pg_sleep(0.2);"
            + " EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END $$;\n");
    try (TestDatabase db = server.createDatabase()) {
      Path log = work.resolve("deploy.log");
      Process p = start(db, m, log);
      Await.running(db, "query_canceled");
      Await.signal(p, "INT");
      Thread.sleep(1500);
      assertThat(p.isAlive()).as("the cancel is swallowed, so the deploy still waits").isTrue();
      Await.signal(p, "INT");
      Await.exit(p);
      String output = Files.readString(log);
      assertThat(p.exitValue()).as(output).isEqualTo(130);
      assertThat(output).contains("Interrupted again: exiting at once");
      // The server sees the closed connection and rolls the migration back.
      Await.notRunning(db, "query_canceled", Duration.ofSeconds(10));
      assertThat(db.single("SELECT to_regclass('s') IS NULL")).isEqualTo("t");
      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString(), "--no-drift");
      assertThat(status.out()).contains("pending      20240101000000_stubborn");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void ctrlCWhileWaitingForTheLockExitsAtOnce(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase();
        var holder = db.connect();
        var st = holder.createStatement()) {
      // Strata's own table exists, so the lock key is that of _strata_migrations.
      long key = 0x5354_0000_0000_0000L | crc("strata:_strata_migrations");
      st.execute("SELECT pg_advisory_lock(" + key + ")");
      Path log = work.resolve("deploy.log");
      Process p = start(db, m, log);
      Await.until(
          db,
          "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
              + " AND application_name LIKE 'strata %')",
          Duration.ofSeconds(60));
      Thread.sleep(500);
      Await.signal(p, "INT");
      Await.exit(p);
      assertThat(p.exitValue()).isEqualTo(130);
      assertThat(Files.readString(log)).contains("no migration was running");
      assertThat(db.single("SELECT to_regclass('a') IS NULL")).isEqualTo("t");
    }
  }

  private Process start(TestDatabase db, Migrations m, Path log) throws Exception {
    return StrataProcess.start(
        work,
        log.toFile(),
        "deploy",
        "--url",
        db.url(),
        "--dir",
        m.dir().toString(),
        "--review",
        "off");
  }

  private Cli.Result deployNoWait(TestDatabase db, Migrations m) {
    return Cli.run(
        work,
        "deploy",
        "--url",
        db.url(),
        "--dir",
        m.dir().toString(),
        "--review",
        "off",
        "--lock-wait",
        "1");
  }

  /** pg_sleep made instant in this database, so the rerun of the slow migration takes no time. */
  private static void makeSleepInstant(TestDatabase db) {
    db.execute(
        "CREATE OR REPLACE FUNCTION public.pg_sleep(double precision) RETURNS void LANGUAGE sql AS 'SELECT'");
    db.execute("ALTER DATABASE " + db.name() + " SET search_path = public, pg_catalog");
  }

  private static long crc(String text) {
    var crc = new java.util.zip.CRC32();
    crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue();
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.MysqlTestServer;
import dev.strata.testkit.StrataProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys on MySQL/MariaDB interrupted at random moments, for real: the deployer SIGKILLed, or its
 * connections ended by the server ({@code KILL CONNECTION}). DDL commits on its own there, so a
 * migration runs statement by statement and a resume judges the DDL statement that was running by
 * the catalog. After each interrupted run (one to three per database), a plain rerun must finish;
 * then every data-changing statement has taken effect exactly once and schema and history equal an
 * uninterrupted run's. Eight concurrent deployers apply each migration exactly once.
 *
 * <p>Seeded: {@code STRATA_KILL_SEED} replays a run; {@code STRATA_FULL_TESTS=1} runs the full
 * size.
 */
class MysqlKillTest {
  private static final Optional<MysqlTestServer> SERVER = MysqlTestServer.fromEnvironment();
  private static final boolean FULL = "1".equals(System.getenv("STRATA_FULL_TESTS"));
  private static final long SEED =
      Long.parseLong(System.getenv().getOrDefault("STRATA_KILL_SEED", "20261206"));

  @TempDir Path work;
  private MysqlTestServer server;
  private int interruptions;

  @BeforeEach
  void needsTheServer() {
    assumeTrue(SERVER.isPresent(), "STRATA_TEST_MYSQL_URL is not set");
    server = SERVER.get();
  }

  private enum Mode {
    SIGKILL,
    KILL_CONNECTION
  }

  @Test
  void eightConcurrentDeployersApplyEveryMigrationExactlyOnce() throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    for (int i = 1; i <= 12; i++) {
      m.add(
          String.format("202401010000%02d_m%02d", i, i),
          "CREATE TABLE t"
              + i
              + " (id INT);\nINSERT INTO t"
              + i
              + " VALUES ("
              + i
              + ");\nDO SLEEP(0.05);\n");
    }
    try (MysqlTestServer.Db db = server.createDatabase()) {
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
                m.dir().toString(),
                "--lock-wait",
                "120",
                "--review",
                "off"));
      }
      for (int i = 0; i < processes.size(); i++) {
        assertThat(processes.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(processes.get(i).exitValue())
            .as(Files.readString(work.resolve("out" + i + ".log")))
            .isZero();
      }
      assertThat(db.single("SELECT count(*) FROM _strata_migrations")).isEqualTo("12");
      assertThat(
              db.single(
                  "SELECT count(DISTINCT migration_name) FROM _strata_migrations"
                      + " WHERE finished_at IS NOT NULL"))
          .isEqualTo("12");
      for (int i = 1; i <= 12; i++)
        assertThat(db.single("SELECT count(*) FROM t" + i)).isEqualTo("1");
    }
  }

  @Test
  void everyStatementTakesEffectExactlyOnceWhateverInterruptsTheDeploy() throws Exception {
    Path migrations = writeCorpus(work.resolve("migrations"));
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int trialsPerMode = FULL ? 25 : 3;
    Reference reference = reference(migrations);
    for (Mode mode : Mode.values()) {
      for (int t = 0; t < trialsPerMode; t++)
        trial(mode, migrations, reference, random, failures, t);
    }
    System.out.printf(
        "mysql kill harness: seed %d, %d interruptions (%s)%n",
        SEED, interruptions, FULL ? "full" : "quick");
    assertThat(failures)
        .as("seed %d, %d interruptions: failed trials", SEED, interruptions)
        .isEmpty();
    assertThat(interruptions).isGreaterThanOrEqualTo(FULL ? 60 : 4);
  }

  private record Reference(State state, long millis) {}

  private record State(String counters, String events, String schema, String history) {}

  private Reference reference(Path migrations) {
    try (MysqlTestServer.Db db = server.createDatabase()) {
      long start = System.nanoTime();
      var run = deploy(db, migrations);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(run.exitCode()).as(run.all()).isZero();
      return new Reference(state(db), millis);
    }
  }

  private void trial(
      Mode mode,
      Path migrations,
      Reference reference,
      Random random,
      List<String> failures,
      int index)
      throws Exception {
    int interruptsHere = 1 + random.nextInt(3);
    List<String> delays = new ArrayList<>();
    try (MysqlTestServer.Db db = server.createDatabase()) {
      for (int i = 0; i < interruptsHere; i++) {
        long delay = (long) (random.nextDouble() * reference.millis() * (i == 0 ? 0.9 : 0.5));
        delays.add(delay + " ms");
        if (interruptOnce(db, mode, migrations, delay)) interruptions++;
      }
      var rerun = deploy(db, migrations);
      String where = mode + " trial " + index + " (seed " + SEED + ", delays " + delays + ")";
      if (rerun.exitCode() != 0) {
        failures.add(where + ": the rerun exited " + rerun.exitCode() + ": " + rerun.err());
        return;
      }
      State state = state(db);
      if (!state.equals(reference.state()))
        failures.add(where + ": the database differs from an uninterrupted run: " + state);
      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", migrations.toString(), "--no-drift");
      if (status.exitCode() != 0) failures.add(where + ": status exited " + status.exitCode());
    }
  }

  /** Starts a deploy and interrupts it after {@code delayMillis}; true if it was still running. */
  private boolean interruptOnce(MysqlTestServer.Db db, Mode mode, Path migrations, long delayMillis)
      throws Exception {
    String sessions =
        "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()"
            + " AND ID <> CONNECTION_ID()";
    if (mode == Mode.SIGKILL) {
      Process p =
          StrataProcess.start(
              work,
              work.resolve("killed.log").toFile(),
              "deploy",
              "--url",
              db.url(),
              "--dir",
              migrations.toString(),
              "--lock-wait",
              "60",
              "--review",
              "off");
      // The delay counts from the deployer's first session, not from the JVM's start.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive() && System.nanoTime() < deadline && db.single(sessions).equals("0"))
        Thread.sleep(5);
      Thread.sleep(delayMillis);
      boolean running = p.isAlive();
      p.destroyForcibly();
      p.waitFor(60, TimeUnit.SECONDS);
      return running;
    }
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> deploy(db, migrations));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!run.isDone() && System.nanoTime() < deadline && db.single(sessions).equals("0"))
      Thread.sleep(5);
    Thread.sleep(delayMillis);
    boolean running = !run.isDone();
    for (String id :
        db.column(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE()"
                + " AND ID <> CONNECTION_ID()")) {
      try {
        db.execute("KILL CONNECTION " + id);
      } catch (IllegalStateException gone) {
        // ended meanwhile
      }
    }
    Cli.Result result = run.get(120, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.all()).isIn(0, 1);
    return running && result.exitCode() == 1;
  }

  private Cli.Result deploy(MysqlTestServer.Db db, Path migrations) {
    return Cli.run(
        work,
        "deploy",
        "--url",
        db.url(),
        "--dir",
        migrations.toString(),
        "--lock-wait",
        "60",
        "--review",
        "off");
  }

  private State state(MysqlTestServer.Db db) {
    String schema = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_strata_migrations'";
    return new State(
        db.single("SELECT GROUP_CONCAT(k, '=', n ORDER BY k) FROM counter WHERE n <> 0"),
        db.single(
            "SELECT GROUP_CONCAT(k, ':', c ORDER BY k) FROM (SELECT k, count(*) AS c FROM event"
                + " GROUP BY k) e"),
        String.join(
                "\n",
                db.column(
                    "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE) FROM"
                        + " information_schema.COLUMNS WHERE "
                        + schema
                        + " ORDER BY TABLE_NAME, ORDINAL_POSITION"))
            + "\n"
            + String.join(
                "\n",
                db.column(
                    "SELECT CONCAT(TABLE_NAME, ' index ', INDEX_NAME, ' ', COLUMN_NAME) FROM"
                        + " information_schema.STATISTICS WHERE "
                        + schema
                        + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"))
            + "\n"
            + String.join(
                "\n",
                db.column(
                    "SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS"
                        + " WHERE TRIGGER_SCHEMA = DATABASE() UNION ALL SELECT CONCAT('routine ',"
                        + " ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA ="
                        + " DATABASE() ORDER BY 1")),
        String.join(
            "\n",
            db.column(
                "SELECT CONCAT(migration_name, ' ', applied_steps_count, ' ', finished_at IS NOT NULL)"
                    + " FROM _strata_migrations WHERE rolled_back_at IS NULL ORDER BY 1")));
  }

  private static String bump(int key) {
    return "UPDATE counter SET n = n + 1 WHERE k = 'k" + key + "' AND slow('k" + key + "') = 1;\n";
  }

  private static String bumps(int from, int to) {
    StringBuilder sql = new StringBuilder();
    for (int k = from; k <= to; k++) sql.append(bump(k));
    return sql.toString();
  }

  private static Path writeCorpus(Path dir) {
    Migrations m = new Migrations(dir);
    StringBuilder keys = new StringBuilder();
    for (int k = 1; k <= 60; k++)
      keys.append(k == 1 ? "" : ", ").append("('k").append(k).append("')");
    m.add(
        "20240101000000_setup",
        "CREATE TABLE counter (k VARCHAR(20) PRIMARY KEY, n INT NOT NULL DEFAULT 0) ENGINE=InnoDB;\n"
            + "INSERT INTO counter (k) VALUES "
            + keys
            + ";\n"
            + "CREATE TABLE event (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(20) NOT NULL)"
            + " ENGINE=InnoDB;\n"
            + "CREATE FUNCTION slow(tag VARCHAR(20)) RETURNS INT MODIFIES SQL DATA\n"
            + "BEGIN\n  DO SLEEP(0.02);\n  INSERT INTO event (k) VALUES (tag);\n  RETURN 1;\nEND;\n");
    m.add(
        "20240102000000_ddl_and_backfill",
        "CREATE INDEX counter_n ON counter (n);\n"
            + bumps(1, 8)
            + "ALTER TABLE counter ADD COLUMN note VARCHAR(50) NULL;\n"
            + bumps(9, 10));
    m.add(
        "20240103000000_own_blocks",
        "START TRANSACTION;\n"
            + bumps(11, 13)
            + "COMMIT;\n"
            + bump(14)
            + "BEGIN;\n"
            + bumps(15, 16)
            + "COMMIT;\n");
    m.add("20240104000000_one_transaction", bumps(21, 28));
    m.add(
        "20240105000000_renames",
        "CREATE TABLE t5 (id INT);\n"
            + "RENAME TABLE t5 TO t5b;\n"
            + bump(31)
            + "ALTER TABLE t5b ADD COLUMN c INT;\n"
            + "ALTER TABLE t5b RENAME COLUMN c TO d;\n"
            + bump(32)
            + "CREATE VIEW v5 AS SELECT k FROM counter;\n"
            + "DROP INDEX counter_n ON counter;\n"
            + bump(33));
    m.add(
        "20240106000000_trigger",
        "CREATE TRIGGER counter_bu BEFORE UPDATE ON counter FOR EACH ROW\n"
            + "BEGIN\n  IF NEW.n > 100 THEN\n    SET NEW.n = 100;\n  END IF;\nEND;\n"
            + bumps(41, 45)
            + "ALTER TABLE counter DROP COLUMN note;\n");
    return dir;
  }
}

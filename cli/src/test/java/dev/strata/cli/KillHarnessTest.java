package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.RestartableServer;
import dev.strata.testkit.StrataProcess;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys interrupted at random moments, for real, in three ways: the deployer SIGKILLed (its
 * server session left to notice), its session ended by {@code pg_terminate_backend}, and the whole
 * server restarted ({@code pg_ctl restart -m fast}). After each interrupted run (one to three per
 * database), a plain rerun must finish, and then every data-changing statement has taken effect
 * exactly once, no index is INVALID, and schema and history equal an uninterrupted run's.
 *
 * <p>The corpus changes data in every way a deploy can: statements in one transaction, statement by
 * statement around {@code CREATE INDEX CONCURRENTLY}, {@code VACUUM} and {@code DROP INDEX
 * CONCURRENTLY}, and in the script's own {@code BEGIN … COMMIT} blocks. Each data-changing
 * statement bumps its own counter row and logs one event row.
 *
 * <p>Seeded: {@code STRATA_KILL_SEED} replays a run. A quick subset runs by default, each test on
 * one server; {@code STRATA_FULL_TESTS=1} (set by {@code .ci/run}) runs at least 200 interruptions
 * on every server.
 */
class KillHarnessTest {
  private static final boolean FULL = "1".equals(System.getenv("STRATA_FULL_TESTS"));
  private static final long SEED =
      Long.parseLong(System.getenv().getOrDefault("STRATA_KILL_SEED", "20261205"));

  @TempDir Path work;

  private enum Mode {
    SIGKILL,
    TERMINATE,
    RESTART
  }

  private int interruptions;

  /** The corpus in Flyway's layout, its history in flyway_schema_history. */
  private boolean flyway;

  @Test
  void flywaysHistoryStaysExactWhateverInterruptsTheDeploy(TestInfo test) throws Exception {
    flyway = true;
    Path migrations = writeCorpus(work.resolve("migrations"));
    Random random = new Random(SEED + 1);
    List<String> failures = new ArrayList<>();
    int trialsPerMode = FULL ? 10 : 2;
    for (TestServer server : TestServers.each(test)) {
      Reference reference = reference(server, migrations);
      for (Mode mode : List.of(Mode.SIGKILL, Mode.TERMINATE)) {
        for (int t = 0; t < trialsPerMode; t++) {
          trial(server, null, mode, migrations, reference, random, failures, t);
        }
      }
    }
    assertThat(failures)
        .as("seed %d, %d interruptions: failed trials", SEED + 1, interruptions)
        .isEmpty();
    assertThat(interruptions).isGreaterThanOrEqualTo(FULL ? 30 : 3);
  }

  @Test
  void everyStatementTakesEffectExactlyOnceWhateverInterruptsTheDeploy(TestInfo test)
      throws Exception {
    Path migrations = writeCorpus(work.resolve("migrations"));
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int trialsPerMode = FULL ? 30 : 2;
    for (TestServer server : TestServers.each(test)) {
      Reference reference = reference(server, migrations);
      for (Mode mode : List.of(Mode.SIGKILL, Mode.TERMINATE)) {
        for (int t = 0; t < trialsPerMode; t++) {
          trial(server, null, mode, migrations, reference, random, failures, t);
        }
      }
    }
    try (RestartableServer restartable = RestartableServer.start(work.resolve("restartable"))) {
      TestServer server = restartable.server();
      Reference reference = reference(server, migrations);
      for (int t = 0; t < trialsPerMode * (FULL ? 2 : 1); t++) {
        trial(server, restartable, Mode.RESTART, migrations, reference, random, failures, t);
      }
    }
    System.out.printf(
        "kill harness: seed %d, %d interruptions (%s)%n",
        SEED, interruptions, FULL ? "full" : "quick");
    assertThat(failures)
        .as("seed %d, %d interruptions: failed trials", SEED, interruptions)
        .isEmpty();
    assertThat(interruptions).isGreaterThanOrEqualTo(FULL ? 200 : 5);
  }

  /** What an uninterrupted deploy leaves, and how long it takes. */
  private record Reference(State state, long millis) {}

  private record State(String counters, String events, String schema, String history) {}

  private Reference reference(TestServer server, Path migrations) {
    try (TestDatabase db = server.createDatabase()) {
      long start = System.nanoTime();
      var run = deploy(db, migrations);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(run.exitCode()).as(run.all()).isZero();
      return new Reference(state(db), millis);
    }
  }

  private void trial(
      TestServer server,
      RestartableServer restartable,
      Mode mode,
      Path migrations,
      Reference reference,
      Random random,
      List<String> failures,
      int index)
      throws Exception {
    int interruptsHere = 1 + random.nextInt(3);
    List<String> delays = new ArrayList<>();
    try (TestDatabase db = server.createDatabase()) {
      for (int i = 0; i < interruptsHere; i++) {
        // Later runs have less left to do: their delays are shorter.
        long delay = (long) (random.nextDouble() * reference.millis() * (i == 0 ? 0.8 : 0.4));
        delays.add(delay + " ms");
        if (interruptOnce(db, restartable, mode, migrations, delay)) interruptions++;
      }
      var rerun = deploy(db, migrations);
      String where =
          server + " " + mode + " trial " + index + " (seed " + SEED + ", delays " + delays + ")";
      if (rerun.exitCode() != 0) {
        failures.add(where + ": the rerun exited " + rerun.exitCode() + ": " + rerun.err());
        return;
      }
      State state = state(db);
      if (!state.equals(reference.state())) {
        failures.add(where + ": the database differs from an uninterrupted run: " + state);
      }
      String invalid =
          db.single(
              "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE NOT i.indisvalid AND n.nspname = 'public'");
      if (!invalid.equals("0")) failures.add(where + ": " + invalid + " INVALID index(es)");
      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", migrations.toString(), "--no-drift");
      if (status.exitCode() != 0) failures.add(where + ": status exited " + status.exitCode());
    }
  }

  /** Starts a deploy and interrupts it after {@code delayMillis}; true if it was still running. */
  private boolean interruptOnce(
      TestDatabase db, RestartableServer restartable, Mode mode, Path migrations, long delayMillis)
      throws Exception {
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
              "--review",
              "off",
              "--lock-wait",
              "60");
      // The delay counts from the deployer's first session, not from the JVM's start.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive()
          && System.nanoTime() < deadline
          && db.single(
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND application_name LIKE 'strata %'")
              .equals("0")) {
        Thread.sleep(5);
      }
      Thread.sleep(delayMillis);
      boolean running = p.isAlive();
      p.destroyForcibly();
      p.waitFor(60, TimeUnit.SECONDS);
      return running;
    }
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> deploy(db, migrations));
    Thread.sleep(delayMillis);
    boolean running = !run.isDone();
    if (mode == Mode.TERMINATE) {
      db.column(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND application_name LIKE 'strata %'");
    } else {
      restartable.restartFast();
    }
    Cli.Result result = run.get(120, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.all()).isIn(0, 1);
    return running && result.exitCode() == 1;
  }

  private Cli.Result deploy(TestDatabase db, Path migrations) {
    return Cli.run(
        work,
        "deploy",
        "--url",
        db.url(),
        "--dir",
        migrations.toString(),
        "--review",
        "off",
        "--lock-wait",
        "60");
  }

  private State state(TestDatabase db) {
    String flywayRows =
        flyway
            ? "\n"
                + String.join(
                    "\n",
                    db.column(
                        "SELECT installed_rank || ' ' || coalesce(version, 'R') || ' ' || script"
                            + " || ' ' || checksum || ' ' || success FROM flyway_schema_history"
                            + " ORDER BY 1"))
            : "";
    return new State(
        db.single("SELECT string_agg(k || '=' || n, ',' ORDER BY k) FROM counter WHERE n <> 0"),
        db.single(
            "SELECT string_agg(k || ':' || c, ',' ORDER BY k)"
                + " FROM (SELECT k, count(*) AS c FROM event GROUP BY k) e"),
        db.schemaFingerprint(),
        String.join(
                "\n",
                db.column(
                    "SELECT migration_name || ' ' || applied_steps_count || ' ' || (finished_at IS NOT"
                        + " NULL) FROM _strata_migrations WHERE rolled_back_at IS NULL ORDER BY 1"))
            + flywayRows);
  }

  private static String bump(int key) {
    return "UPDATE counter SET n = n + 1 WHERE k = 'k" + key + "' AND slow('k" + key + "');\n";
  }

  private static String bumps(int from, int to) {
    StringBuilder sql = new StringBuilder();
    for (int k = from; k <= to; k++) sql.append(bump(k));
    return sql.toString();
  }

  private Path writeCorpus(Path dir) {
    Migrations prisma = new Migrations(dir);
    int[] version = {0};
    java.util.function.BiConsumer<String, String> m =
        (name, sql) -> {
          if (!flyway) {
            prisma.add(name, sql);
            return;
          }
          try {
            Files.createDirectories(dir);
            Files.writeString(
                dir.resolve("V" + ++version[0] + "__" + name.substring(15) + ".sql"), sql);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    m.accept(
        "20240101000000_setup",
        "CREATE TABLE counter (k text PRIMARY KEY, n int NOT NULL DEFAULT 0);\n"
            + "INSERT INTO counter (k) SELECT 'k' || g FROM generate_series(1, 60) g;\n"
            + "CREATE TABLE event (id bigserial PRIMARY KEY, k text NOT NULL);\n"
            + "CREATE TYPE mood AS ENUM ('calm');\n"
            + "CREATE FUNCTION slow(key text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$\n"
            + "BEGIN\n  PERFORM pg_sleep(0.02);\n  INSERT INTO event (k) VALUES (key);\n"
            + "  RETURN true;\nEND $$;\n");
    m.accept(
        "20240102000000_index_and_backfill",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS counter_n ON counter (n);\n" + bumps(1, 8));
    m.accept(
        "20240103000000_own_blocks",
        "BEGIN;\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
            + bumps(11, 13)
            + "COMMIT;\n"
            + bump(14)
            + "START TRANSACTION;\n"
            + bumps(15, 16)
            + "COMMIT;\n");
    m.accept(
        "20240104000000_one_transaction",
        bumps(21, 28) + "ALTER TABLE counter ADD COLUMN note text;\n");
    m.accept(
        "20240105000000_enum_and_maintenance",
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"
            + "VACUUM counter;\n"
            + bumps(31, 36)
            + "DROP INDEX CONCURRENTLY IF EXISTS counter_n;\n"
            + "CREATE INDEX CONCURRENTLY counter_k_n ON counter (k, n);\n"
            + bumps(37, 40));
    return dir;
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** --lock-timeout and --retries against a lock really held by another session. */
class LockTimeoutTest {
  @TempDir Path work;

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void blockedMigrationFailsCleanlyAfterItsRetriesAndSucceedsOnceTheLockIsReleased(
      TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_orders", "CREATE TABLE orders (id int);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      m.add(
          "20240102000000_alter",
          "CREATE TABLE side_effect (id int);\nALTER TABLE orders ADD COLUMN note text;");
      try (Connection holder = db.connect();
          Statement st = holder.createStatement()) {
        holder.setAutoCommit(false);
        st.execute("SELECT * FROM orders"); // an open transaction holding ACCESS SHARE on orders

        long start = System.nanoTime();
        var blocked =
            Cli.run(work, "deploy", "--url", db.url(), "--lock-timeout", "1s", "--retries", "2");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(blocked.exitCode()).as(blocked.all()).isEqualTo(1);
        assertThat(blocked.err())
            .contains("lock timeout")
            .contains("trying 20240102000000_alter again (2 of 3)")
            .contains("(3 of 3)")
            .contains("migration.sql:2")
            .contains("tried 3 times");
        assertThat(seconds).isBetween(3L, 30L);
        // Nothing half-applied: the table created before the blocked statement is gone with it.
        assertThat(db.single("SELECT to_regclass('side_effect') IS NULL")).isEqualTo("t");
        assertThat(
                db.single(
                    "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
            .isEqualTo("0");

        assertThat(
                Cli.run(work, "resolve", "--rolled-back", "20240102000000_alter", "--url", db.url())
                    .exitCode())
            .isZero();
        // Released while the deploy is retrying: a later try goes through.
        CompletableFuture<Cli.Result> deploy =
            CompletableFuture.supplyAsync(
                () ->
                    Cli.run(
                        work,
                        "deploy",
                        "--url",
                        db.url(),
                        "--lock-timeout",
                        "1s",
                        "--retries",
                        "5"));
        // Released only after the first try has waited its full second on the target (the
        // review before it takes a moment of its own).
        awaitWaitingAlter(db);
        Thread.sleep(1500);
        holder.rollback();
        var result = deploy.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).contains("again (2 of 6)");
        assertThat(db.single("SELECT to_regclass('side_effect') IS NOT NULL")).isEqualTo("t");
        assertThat(Cli.run(work, "status", "--url", db.url()).exitCode()).isZero();
      }
    }
  }

  private static void awaitWaitingAlter(TestDatabase db) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String waiting =
          db.single(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE orders%'");
      if (!waiting.equals("0")) return;
      Thread.sleep(20);
    }
    throw new AssertionError("the deploy never waited for its lock on orders");
  }
}

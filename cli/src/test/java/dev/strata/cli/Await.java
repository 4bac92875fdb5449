package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waiting in tests for what a server or a process does, with a deadline. */
final class Await {
  private Await() {}

  /** Polls until {@code sql} returns true. */
  static void until(TestDatabase db, String sql, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      List<String> values = db.column(sql);
      if (!values.isEmpty() && "t".equals(values.get(0))) return;
      Thread.sleep(20);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for: " + sql);
  }

  /** Until a session other than ours runs a statement whose text contains {@code fragment}. */
  static void running(TestDatabase db, String fragment) throws InterruptedException {
    until(
        db,
        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            + " AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%"
            + fragment
            + "%')",
        Duration.ofSeconds(60));
  }

  /** Until no session runs such a statement any more. */
  static void notRunning(TestDatabase db, String fragment, Duration timeout)
      throws InterruptedException {
    until(
        db,
        "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            + " AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%"
            + fragment
            + "%')",
        timeout);
  }

  static void exit(Process p) throws InterruptedException {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished in time").isTrue();
  }

  /** Sends a signal (INT, TERM, KILL) to a process, as a terminal or an orchestrator would. */
  static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}

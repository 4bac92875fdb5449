package dev.strata.cli;

import dev.strata.core.fleet.FleetListener;
import dev.strata.core.fleet.TargetOutcome;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet's progress on standard error: one line rewritten in place on a terminal (done, failed and
 * running of the total, rate, time left); a line per finished target otherwise (CI logs).
 */
final class FleetProgress implements FleetListener {
  private final Console console;
  private final int total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private boolean drawn;

  FleetProgress(Console console, int total, boolean json) {
    this.console = console;
    this.total = total;
    this.terminal = System.console() != null && console.environment().get("CI") == null && !json;
  }

  @Override
  public void started(String url) {
    running.incrementAndGet();
    if (terminal) draw();
  }

  @Override
  public void finished(TargetOutcome outcome) {
    running.decrementAndGet();
    int n = done.incrementAndGet();
    // The live line's "failed": the run on a target failed or did not reach it.
    boolean bad =
        outcome.state() == TargetOutcome.State.FAILED
            || outcome.state() == TargetOutcome.State.UNREACHABLE;
    if (bad) failed.incrementAndGet();
    if (terminal) {
      draw();
      return;
    }
    synchronized (this) {
      console
          .err()
          .println(
              "["
                  + n
                  + "/"
                  + total
                  + "] "
                  + outcome.state().word()
                  + " "
                  + outcome.url()
                  + (outcome.migrations().isEmpty() ? "" : " (" + outcome.migrations().size() + ")")
                  + outcome.error().map(e -> ": " + FleetOutput.firstLine(e)).orElse(""));
      console.err().flush();
    }
  }

  private synchronized void draw() {
    double seconds = (System.nanoTime() - start) / 1e9;
    int n = done.get();
    double rate = seconds > 0 ? n / seconds : 0;
    String eta =
        rate > 0 && n < total ? String.format(Locale.ROOT, ", %.0fs left", (total - n) / rate) : "";
    console
        .err()
        .print(
            String.format(
                Locale.ROOT,
                "\rfleet: %d/%d done, %d failed, %d running, %.1f/s%s   ",
                n,
                total,
                failed.get(),
                running.get(),
                rate,
                eta));
    console.err().flush();
    drawn = true;
  }

  synchronized void end() {
    if (drawn) {
      console.err().println();
      console.err().flush();
    }
  }
}

package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.execute.Cancellation;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM. While a deploy runs statements on a server, the first one cancels the running
 * statement there and lets the deploy roll back, release the deploy lock and say where the database
 * stands (exit 130); a second one exits at once, saying what it leaves behind. When nothing runs on
 * a server (waiting for the lock, reading, reviewing on a shadow database), the first one exits at
 * once: there is nothing to roll back.
 */
final class Interrupts {
  private Interrupts() {}

  static void install(Cancellation cancellation, PrintWriter err) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(
            new Signal(name), signal -> handle(cancellation, err, received.incrementAndGet()));
      } catch (IllegalArgumentException e) {
        // The signal is reserved or ignored here (started with nohup): leave it as it is.
      }
    }
  }

  private static void handle(Cancellation cancellation, PrintWriter err, int count) {
    if (count == 1 && cancellation.busy()) {
      err.println();
      err.println(
          "Interrupted: cancelling the running statement on the server and rolling it back"
              + " (press Ctrl-C again to exit at once)...");
      err.flush();
      cancellation.request();
      return;
    }
    cancellation.request();
    if (count > 1) {
      err.println();
      err.println(
          "Interrupted again: exiting at once. The server rolls back what was running when it sees"
              + " the connection close; run `strata status` to see where the database stands.");
      err.flush();
      Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
    }
    err.println();
    // Backups and restores exit here too: what they leave is safe and the next run says so.
    err.println(
        "Interrupted: no migration was running; exiting. (A restore stopped before its swap leaves"
            + " its staging database, which the next restore drops; a backup leaves only"
            + " FILE.incomplete.)");
    err.flush();
    // Off the signal thread, so shutdown hooks (the embedded server's stop) may run.
    new Thread(() -> System.exit(ExitCode.INTERRUPTED.code()), "strata-exit").start();
  }
}

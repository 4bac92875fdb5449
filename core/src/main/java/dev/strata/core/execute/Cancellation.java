package dev.strata.core.execute;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request to stop, from Ctrl-C or SIGTERM. The executor checks it between statements; while a
 * statement runs, a request also cancels it on the server (through what {@link #whileRunning}
 * registered), so the server rolls it back instead of committing it after the client has gone.
 */
public final class Cancellation {
  private volatile boolean requested;
  private final Set<Runnable> cancellers = ConcurrentHashMap.newKeySet();

  /** Asks to stop; cancels whatever is running on a server. Safe from any thread. */
  public void request() {
    requested = true;
    for (Runnable cancel : cancellers) cancel.run();
  }

  public boolean requested() {
    return requested;
  }

  /** True while work that a request would cancel on a server is registered. */
  public boolean busy() {
    return !cancellers.isEmpty();
  }

  /**
   * Registers how to cancel the server's work until the returned handle is closed; runs it at once
   * if a request came first.
   */
  public Registration whileRunning(Runnable cancel) {
    cancellers.add(cancel);
    if (requested) cancel.run();
    return () -> cancellers.remove(cancel);
  }

  /** An open registration; closing it ends it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}

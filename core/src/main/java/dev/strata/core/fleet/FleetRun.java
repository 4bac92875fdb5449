package dev.strata.core.fleet;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one piece of work on every target of a fleet, a bounded number at once: the canaries first,
 * then the rest, starting no new target once too many have failed or the run is interrupted. A
 * target's failure never stops another mid-way; each keeps its own lock and history, so running the
 * fleet again touches only what is left. Memory holds one small outcome per target.
 */
public final class FleetRun {
  /** The work on one target. It reports every failure in its outcome and throws nothing. */
  @FunctionalInterface
  public interface Work {
    TargetOutcome run(String url);
  }

  /** Why a run stopped when Ctrl-C or SIGTERM asked it to. */
  public static final String INTERRUPTED = "interrupted";

  private final List<String> urls;
  private final FleetOptions options;
  private final Work work;
  private final FleetListener listener;
  private final TargetOutcome[] outcomes;
  private int failures;

  private FleetRun(List<String> urls, FleetOptions options, Work work, FleetListener listener) {
    this.urls = List.copyOf(urls);
    this.options = options;
    this.work = work;
    this.listener = listener;
    this.outcomes = new TargetOutcome[urls.size()];
  }

  /**
   * @param mask how a target's URL is shown (its password hidden)
   */
  public static FleetReport run(
      List<String> urls,
      FleetOptions options,
      Work work,
      FleetListener listener,
      java.util.function.UnaryOperator<String> mask) {
    long start = System.nanoTime();
    FleetRun run = new FleetRun(urls, options, work, listener);
    int canaries = Math.min(options.canary(), urls.size());
    Optional<String> stopped = run.wave(0, canaries, true);
    if (stopped.isEmpty()) stopped = run.wave(canaries, urls.size(), false);
    // Ctrl-C after the last target started still cancelled the running ones.
    if (options.cancellation().requested()) stopped = Optional.of(INTERRUPTED);
    String why = stopped.orElse("not started");
    for (int i = 0; i < run.outcomes.length; i++) {
      if (run.outcomes[i] == null) {
        run.outcomes[i] = TargetOutcome.skipped(mask.apply(urls.get(i)), why);
      }
    }
    return new FleetReport(List.of(run.outcomes), (System.nanoTime() - start) / 1_000_000, stopped);
  }

  /** Runs targets {@code from} to {@code to}; the reason it stopped starting them, if it did. */
  private Optional<String> wave(int from, int to, boolean canary) {
    if (from >= to) return Optional.empty();
    int threads = Math.min(options.parallel(), to - from);
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "strata-fleet-" + names.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
    Optional<String> stop = Optional.empty();
    int next = from;
    int running = 0;
    try {
      while (true) {
        while (stop.isEmpty() && running < threads && next < to) {
          stop = stopReason();
          if (stop.isPresent()) break;
          int index = next++;
          done.submit(
              () -> {
                listener.started(urls.get(index));
                outcomes[index] = work.run(urls.get(index));
                listener.finished(outcomes[index]);
                return index;
              });
          running++;
        }
        if (running == 0) break;
        int index = take(done);
        running--;
        TargetOutcome outcome = outcomes[index];
        TargetOutcome.State state = outcome.state();
        if (state == TargetOutcome.State.FAILED || state == TargetOutcome.State.UNREACHABLE) {
          failures++;
        }
        if (canary && !state.upToDate() && stop.isEmpty()) {
          stop = Optional.of("canary " + outcome.url() + " ended " + state.word());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // A failed canary stops the next wave even when every canary ran.
    if (canary || next < to) return stop;
    return Optional.empty();
  }

  private Optional<String> stopReason() {
    if (options.cancellation().requested()) return Optional.of(INTERRUPTED);
    if (failures > options.maxFailures()) {
      return Optional.of(
          failures
              + " target"
              + (failures == 1 ? "" : "s")
              + " failed, more than --max-failures "
              + options.maxFailures()
              + " (--continue-on-error goes on)");
    }
    return Optional.empty();
  }

  private static int take(ExecutorCompletionService<Integer> done) {
    try {
      Future<Integer> f = done.take();
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a target", e);
    } catch (ExecutionException e) {
      // Work reports its failures in its outcome: anything else is a bug, shown as one.
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}

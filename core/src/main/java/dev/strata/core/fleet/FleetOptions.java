package dev.strata.core.fleet;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.execute.Cancellation;

/**
 * How a fleet runs.
 *
 * @param parallel targets worked on at once (each holds one connection, two while a shadow database
 *     is in use)
 * @param canary the first targets, run before any other; if one does not end up to date, no other
 *     starts
 * @param maxFailures no new target starts once more than this many have failed or were unreachable;
 *     those already running finish
 * @param cancellation Ctrl-C: no new target starts, the running ones are cancelled on their servers
 */
public record FleetOptions(int parallel, int canary, int maxFailures, Cancellation cancellation) {
  public FleetOptions {
    if (parallel < 1) throw new StrataException(ExitCode.USAGE, "--parallel must be at least 1.");
    if (canary < 0) throw new StrataException(ExitCode.USAGE, "--canary must be 0 or more.");
    if (maxFailures < 0) {
      throw new StrataException(ExitCode.USAGE, "--max-failures must be 0 or more.");
    }
  }

  /** A few targets per core: most of a deploy's time is spent waiting on the servers. */
  public static int defaultParallel() {
    return Math.max(2, 4 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@code N} or {@code P%} of {@code targets}, rounded down: the failures tolerated before no new
   * target starts.
   */
  public static int maxFailures(String text, int targets) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) {
        double percent = Double.parseDouble(t.substring(0, t.length() - 1));
        if (percent < 0 || percent > 100) throw new NumberFormatException();
        return (int) Math.floor(targets * percent / 100.0);
      }
      int n = Integer.parseInt(t);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new StrataException(
          ExitCode.USAGE, "--max-failures `" + text + "` is neither a count (3) nor a share (5%).");
    }
  }
}

package dev.strata.core.execute;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits on each migration's statements: a migration waiting behind a long query for its lock
 * blocks every query queued behind it, so production deploys cap the wait ({@code lock_timeout})
 * and retry.
 *
 * @param lockTimeout the longest a statement waits for a lock
 * @param statementTimeout the longest a statement runs
 * @param retries how many more times a migration whose lock wait timed out is tried (its
 *     transaction rolled back, so a retry starts clean)
 */
public record RunLimits(
    Optional<Duration> lockTimeout, Optional<Duration> statementTimeout, int retries) {
  public static final RunLimits NONE = new RunLimits(Optional.empty(), Optional.empty(), 0);

  public RunLimits {
    if (retries < 0) throw new IllegalArgumentException("retries must not be negative");
  }
}

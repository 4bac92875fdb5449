package dev.strata.core.fleet;

import java.util.List;
import java.util.Optional;

/**
 * What became of one database of a fleet.
 *
 * @param url the target, its password masked
 * @param state what it came to
 * @param migrations the migrations applied to it (deploy), or pending on it (status, review)
 * @param millis how long its run took; 0 when skipped
 * @param error why it failed or was not reached, as the single-database command says it
 * @param detail for status: what else needs attention (failed, modified or missing migrations,
 *     drift); for review: the findings that would stop its deploy; one line each
 */
public record TargetOutcome(
    String url,
    State state,
    List<String> migrations,
    long millis,
    Optional<String> error,
    List<String> detail) {

  public TargetOutcome {
    migrations = List.copyOf(migrations);
    detail = List.copyOf(detail);
  }

  static TargetOutcome skipped(String url, String why) {
    return new TargetOutcome(url, State.SKIPPED, List.of(), 0, Optional.of(why), List.of());
  }

  /** The states of a target, in words the report prints. */
  public enum State {
    /** Deploy applied at least one migration; every migration is now applied. */
    APPLIED("applied"),
    /** Nothing was pending. */
    UP_TO_DATE("up-to-date"),
    /** Status: migrations are waiting to be applied, and nothing else is wrong. */
    PENDING("pending"),
    /**
     * Status with drift: its migrations are in order, but its live schema differs from what they
     * build (a change made by hand).
     */
    DRIFTED("drifted"),
    /** Review: its pending migrations were reviewed, and nothing found would stop the deploy. */
    REVIEWED("reviewed"),
    /**
     * Status: a failed, modified or missing migration, or drift. Review: a finding that would stop
     * the deploy.
     */
    NEEDS_ATTENTION("needs-attention"),
    /** The run on it failed (a migration, the review, the lock); its history says how far. */
    FAILED("failed"),
    /** It could not be connected to. */
    UNREACHABLE("unreachable"),
    /** Not started: the canary failed, too many targets failed, or the run was interrupted. */
    SKIPPED("skipped");

    private final String word;

    State(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** Whether the target ended with every migration applied. */
    public boolean upToDate() {
      return this == APPLIED || this == UP_TO_DATE;
    }
  }
}

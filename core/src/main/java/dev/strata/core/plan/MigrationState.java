package dev.strata.core.plan;

import java.util.Locale;

/** Where one migration stands; the lower-case word is what status and --json print. */
public enum MigrationState {
  /** In the folder, never applied. */
  PENDING,
  APPLIED,
  /** Started and failed with an error recorded: deploy refuses until `strata resolve`. */
  FAILED,
  /**
   * Started, not finished, no error recorded: its deployer was killed or lost its connection (or is
   * still running). The next deploy resumes it after its last completed step.
   */
  INTERRUPTED,
  /** Marked rolled back: pending again. */
  ROLLED_BACK,
  /** Applied, but the file changed since. */
  MODIFIED,
  /** Applied, but no longer in the folder. */
  MISSING;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** States a deploy applies. */
  public boolean isToApply() {
    return this == PENDING || this == ROLLED_BACK || this == INTERRUPTED;
  }

  /** States that block a deploy until someone acts. */
  public boolean needsAttention() {
    return this == FAILED || this == MODIFIED || this == MISSING;
  }
}

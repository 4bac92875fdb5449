package dev.strata.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the history table, with the columns of Prisma's {@code _prisma_migrations}. A
 * migration can have several rows (a failed attempt rolled back, then a successful one); the latest
 * counts.
 */
public record AppliedMigration(
    String id,
    String checksum,
    Instant finishedAt,
    String migrationName,
    String logs,
    Instant rolledBackAt,
    Instant startedAt,
    int appliedStepsCount) {

  /**
   * The name of a Flyway baseline row (Flyway's own {@code description} of it): every versioned
   * migration up to its version counts as applied. Its {@link #checksum} holds that version.
   */
  public static final String FLYWAY_BASELINE = "<< Flyway Baseline >>";

  /** The version of a baseline row; empty for any other row. */
  public Optional<dev.strata.core.source.FlywayVersion> baselineVersion() {
    if (!FLYWAY_BASELINE.equals(migrationName) || checksum == null) return Optional.empty();
    try {
      return Optional.of(dev.strata.core.source.FlywayVersion.parse(checksum));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public boolean isFinished() {
    return finishedAt != null;
  }

  public boolean isRolledBack() {
    return rolledBackAt != null;
  }

  /**
   * Started, not finished, not rolled back: failed (an error in its logs) or interrupted (none).
   */
  public boolean isUnfinished() {
    return finishedAt == null && rolledBackAt == null;
  }

  /** An unfinished row whose logs record an error. */
  public boolean isFailed() {
    return isUnfinished() && !failureLog().isEmpty();
  }

  /** The steps recorded by a migration run statement by statement, if Strata recorded them. */
  public Optional<StepProgress> progress() {
    return StepProgress.parse(logs);
  }

  /** What the logs say went wrong, without the progress line; empty if nothing did. */
  public String failureLog() {
    return StepProgress.withoutProgress(logs);
  }

  public Optional<Duration> duration() {
    return finishedAt == null
        ? Optional.empty()
        : Optional.of(Duration.between(startedAt, finishedAt));
  }
}

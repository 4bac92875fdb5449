package dev.strata.core.review;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The review of one migration: its findings, worst first, what it did on the shadow database, and
 * the guide's questions answered.
 */
public record MigrationReview(
    String migration,
    String file,
    List<Finding> findings,
    Optional<Observation> observation,
    Answers answers) {

  public MigrationReview {
    findings =
        findings.stream()
            .sorted(Comparator.comparing(Finding::level).thenComparingInt(Finding::line))
            .toList();
  }

  public static MigrationReview of(
      String migration, String file, List<Finding> findings, Optional<Observation> observation) {
    return new MigrationReview(
        migration, file, findings, observation, Answers.of(findings, observation));
  }

  /** {@code hazard} (an error), {@code caution} (a warning) or {@code safe}. */
  public String verdict() {
    Optional<Level> worst = findings.stream().map(Finding::level).min(Comparator.naturalOrder());
    if (worst.isEmpty() || worst.get() == Level.INFO) return "safe";
    return worst.get() == Level.ERROR ? "hazard" : "caution";
  }

  public long count(Level level) {
    return findings.stream().filter(f -> f.level() == level).count();
  }
}

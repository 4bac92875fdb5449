package dev.strata.core.review;

import java.util.Set;

/**
 * How {@code deploy} and {@code production} review what they are about to apply.
 *
 * @param mode text rules and a shadow run of what can matter (or of everything), text rules alone,
 *     or no review
 * @param allowedHazards error-level codes that do not stop the deploy ({@code --allow-hazards})
 * @param sampleRows rows per table copied into the shadow database first ({@code --with-data})
 */
public record ReviewPolicy(Mode mode, Set<String> allowedHazards, int sampleRows) {
  public static final ReviewPolicy OFF = new ReviewPolicy(Mode.OFF, Set.of(), 0);

  public ReviewPolicy {
    allowedHazards = Set.copyOf(allowedHazards);
    if (sampleRows < 0) throw new IllegalArgumentException("sampleRows must not be negative");
  }

  public enum Mode {
    /**
     * Text rules, and the migrations run on a shadow database from the first one that names a table
     * the target has ({@link Reviewer.Scope#WHAT_MATTERS}): the default.
     */
    AUTO,
    /** Text rules, and every migration run on a shadow database to observe what it does. */
    FULL,
    /** Text rules only: no shadow database. */
    STATIC,
    OFF
  }

  /** Whether migrations run on a shadow database, and which. */
  public java.util.Optional<Reviewer.Scope> observation() {
    return switch (mode) {
      case AUTO -> java.util.Optional.of(Reviewer.Scope.WHAT_MATTERS);
      case FULL -> java.util.Optional.of(Reviewer.Scope.ALL);
      case STATIC, OFF -> java.util.Optional.empty();
    };
  }
}

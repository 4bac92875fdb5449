package dev.strata.core.review;

import java.util.Set;

/**
 * How {@code deploy} and {@code production} review what they are about to apply.
 *
 * @param mode text rules and a shadow run, text rules alone, or no review
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
    /** Text rules, and the migrations run on a shadow database to observe what they do. */
    FULL,
    /** Text rules only: no shadow database. */
    STATIC,
    OFF
  }
}

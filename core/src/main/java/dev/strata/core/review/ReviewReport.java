package dev.strata.core.review;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The review of the pending (or named) migrations.
 *
 * @param migrations one review per migration, in order
 * @param observed true when the migrations ran on a shadow database; false for text rules alone
 * @param shadow where they ran, when observed
 * @param sampleRows rows copied per table from the target into the shadow database ({@code
 *     --with-data}); 0 for none
 * @param millis how long the whole review took
 * @param notes what the review could not do, and why (e.g. the applied migrations do not replay on
 *     a shadow database, so nothing was observed)
 */
public record ReviewReport(
    List<MigrationReview> migrations,
    boolean observed,
    Optional<String> shadow,
    int sampleRows,
    long millis,
    List<String> notes) {

  public ReviewReport {
    migrations = List.copyOf(migrations);
    notes = List.copyOf(notes);
  }

  /** This report with one more note. */
  public ReviewReport withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new ReviewReport(migrations, observed, shadow, sampleRows, millis, more);
  }

  public List<Finding> findings() {
    return migrations.stream().flatMap(m -> m.findings().stream()).toList();
  }

  public long count(Level level) {
    return migrations.stream().mapToLong(m -> m.count(level)).sum();
  }

  /** The error-level findings whose code is not in {@code allowed}: what stops a deploy. */
  public List<Finding> blocking(Set<String> allowed) {
    return findings().stream()
        .filter(f -> f.level() == Level.ERROR && !allowed.contains(f.code()))
        .toList();
  }

  /**
   * @throws StrataException REFUSED, listing them, when there are error-level findings not in
   *     {@code allowed}
   */
  public void refuseHazards(Set<String> allowed) {
    var blocking = blocking(allowed);
    if (blocking.isEmpty()) return;
    StringBuilder list = new StringBuilder();
    for (var f : blocking) {
      list.append("\n  ")
          .append(f.location())
          .append(": [")
          .append(f.code())
          .append("] ")
          .append(f.summary());
    }
    String codes =
        blocking.stream()
            .map(Finding::code)
            .distinct()
            .collect(java.util.stream.Collectors.joining(","));
    throw new dev.strata.core.StrataException(
        dev.strata.core.ExitCode.REFUSED,
        "The review found "
            + (blocking.size() == 1 ? "a hazard" : blocking.size() + " hazards")
            + "; nothing was applied:"
            + list
            + "\nRewrite the migration the safe way (strata review explains each), or pass"
            + " --allow-hazards "
            + codes
            + " to apply it anyway.");
  }
}

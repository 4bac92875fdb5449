package dev.strata.core.review;

import java.util.List;
import java.util.Optional;

/**
 * What a migration did when it ran on the shadow database, statement by statement.
 *
 * @param statements each statement that ran, in order
 * @param millis the whole migration's time on the shadow database
 * @param failure the error, when the migration failed there (it then most likely fails the same way
 *     on the target)
 * @param stopped why the observation stopped early without the migration failing on the target: the
 *     shadow server lacks what the target has (an extension); the statements after were not
 *     observed
 */
public record Observation(
    List<ObservedStatement> statements,
    long millis,
    Optional<String> failure,
    Optional<String> stopped) {

  public Observation {
    statements = List.copyOf(statements);
  }

  public Observation(List<ObservedStatement> statements, long millis, Optional<String> failure) {
    this(statements, millis, failure, Optional.empty());
  }

  /** Every statement ran on the shadow database. */
  public boolean complete() {
    return failure.isEmpty() && stopped.isEmpty();
  }

  public List<DataAtRisk> dataAtRisk() {
    return statements.stream().flatMap(s -> s.dropped().stream()).toList();
  }

  public List<LockTaken> locks() {
    return statements.stream().flatMap(s -> s.locks().stream()).toList();
  }
}

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
 */
public record Observation(
    List<ObservedStatement> statements, long millis, Optional<String> failure) {

  public Observation {
    statements = List.copyOf(statements);
  }

  public List<DataAtRisk> dataAtRisk() {
    return statements.stream().flatMap(s -> s.dropped().stream()).toList();
  }

  public List<LockTaken> locks() {
    return statements.stream().flatMap(s -> s.locks().stream()).toList();
  }
}

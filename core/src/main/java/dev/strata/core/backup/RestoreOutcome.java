package dev.strata.core.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A restore: the safety backup taken first (if any), and what was restored and checked.
 *
 * @param undone for a rollback by restore, the applied migrations the backup took away, oldest
 *     first; else empty
 */
public record RestoreOutcome(
    Optional<Path> safetyBackup, boolean verified, RestoreResult result, List<String> undone) {

  public RestoreOutcome {
    undone = List.copyOf(undone);
  }
}

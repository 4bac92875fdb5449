package dev.strata.core.history;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.util.List;

/**
 * {@code strata resolve}, with the checks Prisma's {@code migrate resolve} makes: a migration is
 * marked applied only if it is not applied already; rolled back only if it failed.
 */
public final class Resolver {
  private final HistoryStore history;

  public Resolver(HistoryStore history) {
    this.history = history;
  }

  /**
   * Marks the migration applied without running it: after a failed one was completed by hand, or to
   * baseline.
   */
  public void markApplied(MigrationSet set, String name) {
    Migration migration = set.find(name).orElseThrow(() -> notInFolder(set, name));
    history.createIfMissing();
    List<AppliedMigration> rows = rowsOf(name);
    if (rows.stream().anyMatch(r -> r.isFinished() && !r.isRolledBack())) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + name
              + "` is already recorded as applied in the database. Nothing to resolve.");
    }
    for (AppliedMigration row : rows) {
      if (row.isUnfinished()) history.markRolledBack(row.id());
    }
    history.insertApplied(migration.name(), migration.checksum());
  }

  /** Marks a failed migration rolled back, so the next deploy runs it again. */
  public void markRolledBack(MigrationSet set, String name) {
    List<AppliedMigration> rows = history.exists() ? rowsOf(name) : List.of();
    if (rows.isEmpty()) {
      set.find(name).orElseThrow(() -> notInFolder(set, name));
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + name
              + "` cannot be rolled back because it was never applied to the database.");
    }
    List<AppliedMigration> unfinished =
        rows.stream().filter(AppliedMigration::isUnfinished).toList();
    if (unfinished.isEmpty()) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + name
              + "` cannot be rolled back because it is not in a failed state. To reverse an applied migration,"
              + " run its down.sql with `strata rollback "
              + name
              + "`.");
    }
    for (AppliedMigration row : unfinished) history.markRolledBack(row.id());
  }

  private List<AppliedMigration> rowsOf(String name) {
    return history.list().stream().filter(r -> r.migrationName().equals(name)).toList();
  }

  private static StrataException notInFolder(MigrationSet set, String name) {
    return new StrataException(
        ExitCode.FAILED,
        "Migration `"
            + name
            + "` is not in "
            + set.dir()
            + ". Check the name with `strata status`.");
  }
}

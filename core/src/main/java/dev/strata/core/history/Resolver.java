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
  private final java.util.function.Function<Migration, List<String>> statements;

  /**
   * @param statements a migration's statements as the executor runs them (the dialect splits)
   */
  public Resolver(
      HistoryStore history, java.util.function.Function<Migration, List<String>> statements) {
    this.history = history;
    this.statements = statements;
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
      if (row.isUnfinished()) history.write(new HistoryWrite.RolledBack(row.id()));
    }
    history.write(
        new HistoryWrite.Resolved(
            java.util.UUID.randomUUID().toString(), migration.name(), history.checksum(migration)));
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
    for (AppliedMigration row : unfinished) history.write(new HistoryWrite.RolledBack(row.id()));
  }

  /**
   * Lets a failed migration that ran statement by statement continue where it stopped: the failure
   * is cleared and its completed steps kept, so the next deploy resumes after them.
   */
  public void markResumable(MigrationSet set, String name) {
    AppliedMigration row = unfinishedRow(set, name);
    if (!row.isFailed()) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `" + name + "` has no recorded failure; the next deploy resumes it as it is.");
    }
    StepProgress progress = stepsOf(row, name);
    history.write(new HistoryWrite.Progress(row.id(), row.checksum(), progress.settled()));
  }

  /**
   * Settles the statement an interrupted run started outside a transaction: {@code completed}
   * records it as done, otherwise the next deploy runs it again.
   */
  public void settleInFlight(MigrationSet set, String name, boolean completed) {
    AppliedMigration row = unfinishedRow(set, name);
    StepProgress progress = stepsOf(row, name);
    if (progress.inFlight().isEmpty()) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + name
              + "` has no statement in flight: "
              + progress.applied()
              + " of "
              + progress.total()
              + " statements are recorded, and the next deploy resumes after them.");
    }
    Migration migration = set.find(name).orElseThrow(() -> notInFolder(set, name));
    StepProgress settled = progress.settled();
    if (completed) {
      int index = progress.applied();
      String statement = statementText(migration, index);
      settled = settled.completed(statement);
    }
    history.write(new HistoryWrite.Progress(row.id(), row.checksum(), settled));
  }

  /** The text of a statement, as the executor hashes it; read through the file's recorded plan. */
  private String statementText(Migration migration, int index) {
    List<String> texts = statements.apply(migration);
    if (index >= texts.size()) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + migration.name()
              + "` has "
              + texts.size()
              + " statements now; statement "
              + (index + 1)
              + " is not among them. Restore the file that ran.");
    }
    return texts.get(index);
  }

  private AppliedMigration unfinishedRow(MigrationSet set, String name) {
    set.find(name).orElseThrow(() -> notInFolder(set, name));
    List<AppliedMigration> rows = history.exists() ? rowsOf(name) : List.of();
    return rows.stream()
        .filter(AppliedMigration::isUnfinished)
        .reduce((first, second) -> second)
        .orElseThrow(
            () ->
                new StrataException(
                    ExitCode.FAILED,
                    "Migration `"
                        + name
                        + "` is not failed or interrupted: there is nothing to resume."));
  }

  private static StepProgress stepsOf(AppliedMigration row, String name) {
    return row.progress()
        .filter(p -> p.applied() == row.appliedStepsCount())
        .orElseThrow(
            () ->
                new StrataException(
                    ExitCode.FAILED,
                    "Migration `"
                        + name
                        + "` did not run statement by statement under Strata (no step progress is"
                        + " recorded), so it cannot resume. Undo what it applied and run `strata"
                        + " resolve --rolled-back "
                        + name
                        + "`."));
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

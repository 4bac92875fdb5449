package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.plan.MigrationState;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code strata rollback NAME}: reverses the latest applied migration with its {@code down.sql}.
 * Only the newest applied migrations can be rolled back, newest first: reversing an older one under
 * newer ones would run its down script against a schema it was not written for.
 */
public final class Rollbacker {
  private final Database database;
  private final HistoryTable table;

  public Rollbacker(Database database, HistoryTable table) {
    this.database = database;
    this.table = table;
  }

  /** The result: the migration rolled back and how long its down script took. */
  public record Result(String name, Path downScript, Duration took) {}

  public Result rollback(
      MigrationSet set, String name, Duration lockWait, Cancellation cancellation) {
    try (Database.DeployLock lock = database.lock(table, lockWait, (holder, waited) -> {})) {
      HistoryStore history = database.history(table);
      AppliedMigration row = latestApplied(set, history, name);
      Migration migration = set.find(name).orElseThrow();
      Path down =
          migration
              .down()
              .orElseThrow(
                  () ->
                      new StrataException(
                          ExitCode.USAGE,
                          "Migration `"
                              + name
                              + "` has no down script ("
                              + migration.script().resolveSibling("down.sql").getFileName()
                              + " beside it), so it cannot be reversed by SQL. Restore the backup taken before it was"
                              + " applied: `strata rollback "
                              + name
                              + " --restore-backup`."));
      byte[] content;
      try {
        content = Files.readAllBytes(down);
      } catch (IOException e) {
        throw new StrataException(
            ExitCode.FAILED, "Cannot read " + down + ": " + e.getMessage(), e);
      }
      Migration downMigration = new Migration(name, down, content, Optional.empty());
      ScriptSession session = database.scripts(table, RunLimits.NONE, (plan, note) -> {});
      long start = System.nanoTime();
      new MigrationExecutor(session, history, RunLimits.NONE, cancellation, DeployListener.NONE)
          .revert(session.analyze(downMigration), row);
      return new Result(name, down, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * The history row of {@code name} if it is the newest applied migration; otherwise an error that
   * says what stands in the way.
   */
  public static AppliedMigration latestApplied(
      MigrationSet set, HistoryStore history, String name) {
    StatusReport report = Planner.plan(history.table(), set, history.list());
    MigrationStatus target =
        report.migrations().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new StrataException(
                        ExitCode.FAILED,
                        "Migration `"
                            + name
                            + "` is neither in "
                            + set.dir()
                            + " nor in the history. Check the name with"
                            + " `strata status`."));
    if (target.state() == MigrationState.MODIFIED) {
      throw new StrataException(
          ExitCode.NEEDS_ATTENTION,
          "Migration `"
              + name
              + "` was modified after it was applied; its down script may not match what ran. Restore the"
              + " applied version of the file first.");
    }
    if (target.state() != MigrationState.APPLIED) {
      throw new StrataException(
          ExitCode.FAILED,
          "Migration `"
              + name
              + "` is "
              + target.state().word()
              + ", not applied: there is nothing to roll back"
              + (target.state() == MigrationState.FAILED
                  ? ". A failed migration is settled with `strata resolve --rolled-back "
                      + name
                      + "`."
                  : "."));
    }
    AppliedMigration row = target.latest().orElseThrow();
    List<String> newer =
        report.migrations().stream()
            .filter(
                s ->
                    s.state() == MigrationState.APPLIED
                        || s.state() == MigrationState.MODIFIED
                        || s.state() == MigrationState.MISSING)
            .filter(s -> s.latest().isPresent())
            .filter(s -> s.latest().get().startedAt().isAfter(row.startedAt()))
            .sorted(
                Comparator.comparing((MigrationStatus s) -> s.latest().get().startedAt())
                    .reversed())
            .map(MigrationStatus::name)
            .toList();
    if (!newer.isEmpty()) {
      throw new StrataException(
          ExitCode.USAGE,
          "Migration `"
              + name
              + "` is not the latest applied"
              + " migration; roll these back first, newest first: "
              + String.join(", ", newer)
              + ".");
    }
    return row;
  }
}

package dev.strata.core.plan;

import dev.strata.core.ExitCode;
import dev.strata.core.dialect.LockHolder;
import dev.strata.core.history.HistoryTable;
import java.util.List;
import java.util.Optional;

/**
 * Where a database stands against a migrations folder.
 *
 * @param deployInProgress who holds the deploy lock while the report was made, if anyone: a
 *     deployer at work, or an orphaned session finishing the statement of one that died
 */
public record StatusReport(
    HistoryTable historyTable,
    List<MigrationStatus> migrations,
    List<String> warnings,
    Optional<LockHolder> deployInProgress) {

  public StatusReport {
    migrations = List.copyOf(migrations);
    warnings = List.copyOf(warnings);
  }

  public StatusReport(
      HistoryTable historyTable, List<MigrationStatus> migrations, List<String> warnings) {
    this(historyTable, migrations, warnings, Optional.empty());
  }

  public StatusReport withDeployInProgress(Optional<LockHolder> holder) {
    return new StatusReport(historyTable, migrations, warnings, holder);
  }

  /** The session applying this migration right now, if the deploy lock's holder says so. */
  public Optional<LockHolder> beingApplied(String migration) {
    return deployInProgress.filter(h -> h.migration().filter(migration::equals).isPresent());
  }

  public List<MigrationStatus> inState(MigrationState... states) {
    List<MigrationState> wanted = List.of(states);
    return migrations.stream().filter(m -> wanted.contains(m.state())).toList();
  }

  /** Pending, rolled back and interrupted migrations, in the order a deploy applies them. */
  public List<MigrationStatus> toApply() {
    return migrations.stream().filter(m -> m.state().isToApply()).toList();
  }

  public List<MigrationStatus> needingAttention() {
    return migrations.stream().filter(m -> m.state().needsAttention()).toList();
  }

  public boolean upToDate() {
    return toApply().isEmpty() && needingAttention().isEmpty();
  }

  /** 0 up to date, 3 something to apply, 4 failed/modified/missing (DESIGN.md §5). */
  public ExitCode exitCode() {
    if (!needingAttention().isEmpty()) return ExitCode.NEEDS_ATTENTION;
    if (!toApply().isEmpty()) return ExitCode.PENDING;
    return ExitCode.OK;
  }
}

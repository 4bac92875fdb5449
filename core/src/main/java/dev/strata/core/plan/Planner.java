package dev.strata.core.plan;

import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.Checksum;
import dev.strata.core.source.FlywayName;
import dev.strata.core.source.FlywayVersion;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compares a migrations folder with the history table: the state of every migration. */
public final class Planner {
  private Planner() {}

  public static StatusReport plan(
      HistoryTable table, MigrationSet set, List<AppliedMigration> history) {
    // Rows come oldest first, so the last row per name is the latest attempt.
    Map<String, AppliedMigration> latest = new LinkedHashMap<>();
    for (AppliedMigration row : history) latest.put(row.migrationName(), row);
    // Flyway's baseline: the versions up to it count as applied without a row of their own.
    Optional<AppliedMigration> baseline =
        Optional.ofNullable(latest.remove(AppliedMigration.FLYWAY_BASELINE))
            .filter(r -> r.isFinished() && !r.isRolledBack());
    Optional<FlywayVersion> baselineVersion = baseline.flatMap(AppliedMigration::baselineVersion);

    List<MigrationStatus> statuses = new ArrayList<>();
    List<String> warnings = new ArrayList<>(set.warnings());
    for (Migration migration : set.migrations()) {
      AppliedMigration row = latest.remove(migration.name());
      if (row == null
          && baselineVersion.isPresent()
          && belowBaseline(migration, baselineVersion.get())) row = baseline.get();
      if (migration.repeatable()
          && row != null
          && row.isFinished()
          && !row.isRolledBack()
          && !Checksum.matches(row.checksum(), migration)) {
        warnings.add(
            "Repeatable migration `"
                + migration.name()
                + "` changed since it was last applied: it will be applied again.");
      }
      statuses.add(
          new MigrationStatus(
              migration.name(),
              stateOf(migration, row),
              Optional.of(migration),
              Optional.ofNullable(row)));
    }
    warnOutOfOrder(statuses, warnings);
    for (AppliedMigration row : latest.values()) {
      if (row.isRolledBack()) continue;
      // An unfinished row without its file cannot resume: it counts as failed.
      MigrationState state = row.isFinished() ? MigrationState.MISSING : MigrationState.FAILED;
      statuses.add(
          new MigrationStatus(row.migrationName(), state, Optional.empty(), Optional.of(row)));
    }
    return new StatusReport(table, statuses, warnings);
  }

  /** Prisma applies a pending migration that sorts before an applied one; say so. */
  private static void warnOutOfOrder(List<MigrationStatus> statuses, List<String> warnings) {
    String lastApplied = null;
    for (int i = statuses.size() - 1; i >= 0; i--) {
      MigrationStatus status = statuses.get(i);
      // Repeatable migrations come last and run again when they change: never out of order.
      if (status.migration().filter(Migration::repeatable).isPresent()) continue;
      if (lastApplied == null
          && status.latest().filter(r -> r.isFinished() && !r.isRolledBack()).isPresent()) {
        lastApplied = status.name();
      } else if (lastApplied != null && status.state() == MigrationState.PENDING) {
        warnings.add(
            "Migration `"
                + status.name()
                + "` is pending but sorts before `"
                + lastApplied
                + "`, which is applied: it will be applied out of order.");
      }
    }
  }

  private static MigrationState stateOf(Migration migration, AppliedMigration row) {
    if (row == null) return MigrationState.PENDING;
    if (row.isRolledBack()) return MigrationState.ROLLED_BACK;
    if (!row.isFinished())
      return row.isFailed() ? MigrationState.FAILED : MigrationState.INTERRUPTED;
    if (row.migrationName().equals(AppliedMigration.FLYWAY_BASELINE)) return MigrationState.APPLIED;
    if (Checksum.matches(row.checksum(), migration)) return MigrationState.APPLIED;
    // A repeatable migration that changed is applied again, as Flyway does.
    return migration.repeatable() ? MigrationState.PENDING : MigrationState.MODIFIED;
  }

  /** A versioned Flyway migration at or below the baseline version. */
  private static boolean belowBaseline(Migration migration, FlywayVersion baseline) {
    if (migration.repeatable()) return false;
    return FlywayName.parse(migration.name())
        .flatMap(FlywayName::version)
        .map(v -> v.compareTo(baseline) <= 0)
        .orElse(false);
  }
}

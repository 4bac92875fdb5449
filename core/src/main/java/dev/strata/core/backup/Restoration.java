package dev.strata.core.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.MigrationSet;
import java.nio.file.Path;

/**
 * {@code strata backup} and {@code strata restore}: a verified backup, and a restore that checks
 * the file, asks, takes a safety backup and swaps atomically; also rollback by restoring the backup
 * taken before a migration.
 */
public final class Restoration {
  private final Connections connections;

  public Restoration(Connections connections) {
    this.connections = connections;
  }

  /** Writes a verified backup of the database. */
  public dev.strata.core.backup.BackupResult backup(
      dev.strata.core.backup.BackupRequest request,
      dev.strata.core.backup.BackupListener listener) {
    return connections.withDatabase(database -> database.backups().backup(request, listener));
  }

  /**
   * Restores a backup file over the database: checks the file first (nothing is touched if it does
   * not match its manifest), asks for confirmation unless forced, takes a safety backup, restores
   * atomically and verifies.
   */
  public dev.strata.core.backup.RestoreOutcome restore(
      Path file,
      dev.strata.core.backup.RestoreOptions options,
      dev.strata.core.backup.Confirmation confirmation,
      dev.strata.core.backup.BackupListener listener) {
    // Without a safety backup to take first, the SHA-256 is checked while the file loads into the
    // staging database (it is swapped in only if the file matches), saving a pass over the file.
    boolean checksumDuringLoad = !options.safetyBackup();
    var manifest =
        checksumDuringLoad
            ? dev.strata.core.backup.BackupCheck.checkManifest(file)
            : dev.strata.core.backup.BackupCheck.check(file);
    return connections.withDatabase(
        database -> {
          String name = database.databaseName();
          if (!options.force()) {
            var question =
                new dev.strata.core.backup.Confirmation.Question(
                    name,
                    database.description(),
                    options.production(),
                    manifest.isEmpty(),
                    file.toString());
            if (!confirmation.confirm(question)) {
              throw new StrataException(
                  ExitCode.REFUSED,
                  "Restore of "
                      + file
                      + " over database `"
                      + name
                      + "` was not confirmed; nothing was changed. Run it on a terminal to confirm, or pass --force.");
            }
          }
          java.util.Optional<Path> safety = java.util.Optional.empty();
          if (options.safetyBackup()) {
            listener.step("taking a safety backup of `" + name + "` first");
            var taken =
                database
                    .backups()
                    .backup(
                        new dev.strata.core.backup.BackupRequest(
                            options.safetyDir(),
                            dev.strata.core.backup.Compression.GZIP,
                            options.jobs(),
                            0,
                            "safety"),
                        dev.strata.core.backup.BackupListener.NONE);
            safety = java.util.Optional.of(taken.file());
            listener.step("safety backup written: " + taken.file());
          }
          var result =
              database
                  .backups()
                  .restore(
                      new dev.strata.core.backup.RestoreRequest(
                          file,
                          manifest,
                          options.jobs(),
                          options.restoreOwnership(),
                          checksumDuringLoad && manifest.isPresent()),
                      listener);
          return new dev.strata.core.backup.RestoreOutcome(safety, manifest.isPresent(), result);
        });
  }

  /**
   * Reverses the latest applied migration by restoring the newest backup in {@code backupDir} that
   * was finished before the migration started (its manifest tells), after the same checks and
   * confirmation as {@link #restore}.
   */
  public dev.strata.core.backup.RestoreOutcome rollbackByRestoring(
      String name,
      Path backupDir,
      dev.strata.core.backup.RestoreOptions options,
      dev.strata.core.backup.Confirmation confirmation,
      dev.strata.core.backup.BackupListener listener) {
    MigrationSet set = connections.migrations();
    Path backup =
        connections.withDatabase(
            database -> {
              HistoryTable table = database.historyTable(connections.settings().historyTable());
              AppliedMigration row =
                  dev.strata.core.execute.Rollbacker.latestApplied(
                      set, database.history(table), name);
              return dev.strata.core.backup.BackupFiles.takenBefore(
                      backupDir, database.databaseName(), row.startedAt())
                  .orElseThrow(
                      () ->
                          new StrataException(
                              ExitCode.FAILED,
                              "No backup of `"
                                  + database.databaseName()
                                  + "` finished before `"
                                  + name
                                  + "` was applied ("
                                  + row.startedAt()
                                  + ") in "
                                  + backupDir
                                  + ". Pass --backup-path, or restore a backup by hand with `strata"
                                  + " restore FILE`."));
            });
    listener.step("restoring " + backup + ", taken before " + name + " was applied");
    return restore(backup, options, confirmation, listener);
  }
}

package dev.strata.core.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.MigrationSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
  public BackupResult backup(BackupRequest request, BackupListener listener) {
    return connections.withDatabase(database -> database.backups().backup(request, listener));
  }

  /**
   * Restores a backup file over the database: checks the file first (nothing is touched if it does
   * not match its manifest), asks for confirmation unless forced, takes a safety backup, restores
   * atomically and verifies.
   */
  public RestoreOutcome restore(
      Path file, RestoreOptions options, Confirmation confirmation, BackupListener listener) {
    return restore(file, options, confirmation, listener, List.of());
  }

  /**
   * @param undoes the applied migrations the restore takes away, each named in the question
   */
  private RestoreOutcome restore(
      Path file,
      RestoreOptions options,
      Confirmation confirmation,
      BackupListener listener,
      List<String> undoes) {
    // Without a safety backup to take first, the SHA-256 is checked while the file loads into the
    // staging database (it is swapped in only if the file matches), saving a pass over the file.
    boolean checksumDuringLoad = !options.safetyBackup();
    var manifest = checksumDuringLoad ? BackupCheck.checkManifest(file) : BackupCheck.check(file);
    return connections.withDatabase(
        database -> {
          String name = database.databaseName();
          if (manifest.isEmpty())
            refuseForeign(file, name, database.backups().inspect(file), options);
          if (!options.force()) {
            var question =
                new Confirmation.Question(
                    name,
                    database.description(),
                    options.production(),
                    manifest.isEmpty(),
                    file.toString(),
                    undoes);
            if (!confirmation.confirm(question)) {
              throw new StrataException(
                  ExitCode.REFUSED,
                  "Restore of "
                      + file
                      + " over database `"
                      + name
                      + "` was not confirmed"
                      + (undoes.isEmpty() ? "" : " (it undoes " + String.join(", ", undoes) + ")")
                      + "; nothing was changed. Run it on a terminal to confirm, or pass --force.");
            }
          }
          java.util.Optional<Path> safety = java.util.Optional.empty();
          if (options.safetyBackup()) {
            listener.step("taking a safety backup of `" + name + "` first");
            var taken =
                database
                    .backups()
                    .backup(
                        new BackupRequest(
                            options.safetyDir(), Compression.GZIP, options.jobs(), 0, "safety"),
                        BackupListener.NONE);
            safety = java.util.Optional.of(taken.file());
            listener.step("safety backup written: " + taken.file());
          }
          var result =
              database
                  .backups()
                  .restore(
                      new RestoreRequest(
                          file,
                          manifest,
                          options.jobs(),
                          options.restoreOwnership(),
                          checksumDuringLoad && manifest.isPresent()),
                      listener);
          return new RestoreOutcome(safety, manifest.isPresent(), result, undoes);
        });
  }

  /**
   * A file without a manifest is restored only when the dialect recognises it as a dump it restores
   * and the user said so ({@link RestoreOptions#unverified}); all before anything happens, the
   * safety backup included.
   */
  private static void refuseForeign(
      Path file, String database, BackupEngine.ForeignFile foreign, RestoreOptions options) {
    if (!foreign.restorable()) {
      throw new StrataException(
          ExitCode.USAGE,
          file
              + " is not a backup Strata can restore: it has no manifest ("
              + BackupManifest.pathFor(file).getFileName()
              + "), and it is "
              + foreign.what()
              + ". Nothing was changed.");
    }
    if (!options.unverified()) {
      throw new StrataException(
          ExitCode.USAGE,
          file
              + " is "
              + foreign.what()
              + " without a Strata manifest: nothing can check it before it replaces database `"
              + database
              + "`. Pass --unverified to restore it anyway (--force alone does not). Nothing was"
              + " changed.");
    }
  }

  /**
   * Reverses the latest applied migration by restoring the newest backup in {@code backupDir} that
   * was finished before the migration started (its manifest tells), after the same checks and
   * confirmation as {@link #restore}. Every migration committed after the backup's snapshot is
   * undone with it, not {@code name} alone: each is named, in the question and the outcome.
   */
  public RestoreOutcome rollbackByRestoring(
      String name,
      Path backupDir,
      RestoreOptions options,
      Confirmation confirmation,
      BackupListener listener) {
    MigrationSet set = connections.migrations();
    record Chosen(Path backup, List<String> undoes) {}
    Chosen chosen =
        connections.withDatabase(
            database -> {
              HistoryTable table = connections.historyTable(database);
              var history = database.history(table);
              AppliedMigration row =
                  dev.strata.core.execute.Rollbacker.latestApplied(set, history, name);
              Path backup =
                  BackupFiles.takenBefore(backupDir, database.databaseName(), row.startedAt())
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
                                      + ". Pass --backup-path, or restore a backup by hand with"
                                      + " `strata restore FILE`."));
              Instant snapshot = BackupManifest.read(BackupManifest.pathFor(backup)).startedAt();
              List<String> undoes =
                  history.list().stream()
                      .filter(r -> r.isFinished() && !r.isRolledBack())
                      .filter(r -> r.finishedAt().isAfter(snapshot))
                      .sorted(java.util.Comparator.comparing(AppliedMigration::finishedAt))
                      .map(AppliedMigration::migrationName)
                      .distinct()
                      .toList();
              return new Chosen(backup, undoes.isEmpty() ? List.of(name) : undoes);
            });
    listener.step(
        "restoring "
            + chosen.backup()
            + ", taken before "
            + name
            + " was applied; it undoes "
            + (chosen.undoes().size() == 1
                ? chosen.undoes().get(0)
                : chosen.undoes().size() + " migrations: " + String.join(", ", chosen.undoes())));
    return restore(chosen.backup(), options, confirmation, listener, chosen.undoes());
  }
}

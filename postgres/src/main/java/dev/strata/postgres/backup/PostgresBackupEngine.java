package dev.strata.postgres.backup;

import dev.strata.core.backup.BackupEngine;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.RestoreRequest;
import dev.strata.core.backup.RestoreResult;
import dev.strata.postgres.ConnectionSpec;

/** Backup and restore on PostgreSQL. */
public final class PostgresBackupEngine implements BackupEngine {
  private final ConnectionSpec spec;
  private final Runnable closeOwnConnection;

  public PostgresBackupEngine(ConnectionSpec spec, Runnable closeOwnConnection) {
    this.spec = spec;
    this.closeOwnConnection = closeOwnConnection;
  }

  @Override
  public BackupResult backup(BackupRequest request, BackupListener listener) {
    return new BackupWriter(spec).write(request, listener);
  }

  @Override
  public RestoreResult restore(RestoreRequest request, BackupListener listener) {
    return new Restorer(spec, closeOwnConnection).restore(request, listener);
  }
}

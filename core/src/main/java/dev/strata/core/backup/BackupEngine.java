package dev.strata.core.backup;

/** Backs up and restores one database. Implemented by each dialect. */
public interface BackupEngine {

  /** Writes a verified backup; see {@link BackupRequest}. */
  BackupResult backup(BackupRequest request, BackupListener listener);

  /**
   * Restores a checked backup file into the database, atomically: it is either fully restored or
   * left exactly as it was.
   */
  RestoreResult restore(RestoreRequest request, BackupListener listener);
}

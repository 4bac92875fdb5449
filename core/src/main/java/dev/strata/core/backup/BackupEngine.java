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

  /**
   * What a file without a Strata manifest is, from its first bytes (decompressed): a dump this
   * engine restores (pg_dump's plain SQL), or something it must refuse, and why.
   */
  ForeignFile inspect(java.nio.file.Path file);

  /**
   * @param restorable a dump this engine can restore, unverified
   * @param what what the file is, in words: {@code a pg_dump plain-SQL dump}; for a file that is
   *     not restorable, also what to do
   */
  record ForeignFile(boolean restorable, String what) {}
}

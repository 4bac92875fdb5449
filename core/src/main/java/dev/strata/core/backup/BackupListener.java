package dev.strata.core.backup;

/** Progress of a backup or restore, as it happens; the CLI renders it. */
public interface BackupListener {
  BackupListener NONE = new BackupListener() {};

  /** The work ahead: tables to copy and their estimated bytes. */
  default void started(String phase, int tables, long estimatedBytes) {}

  /** A table (or a piece of one) was copied. */
  default void progress(String table, long rows, long bytes) {}

  default void tableDone(String table, long rows) {}

  /** A step of the run, in words ("building indexes", "verifying"). */
  default void step(String description) {}
}

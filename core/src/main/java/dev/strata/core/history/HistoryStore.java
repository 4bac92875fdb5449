package dev.strata.core.history;

import java.util.List;

/** Reads and writes the history table. Implemented by each dialect; every write commits at once. */
public interface HistoryStore {
  HistoryTable table();

  boolean exists();

  /** Creates the table (Prisma's columns and types) if it does not exist. */
  void createIfMissing();

  /** Every row, oldest first. Empty when the table does not exist. */
  List<AppliedMigration> list();

  /** Records a migration that starts now: no finished_at, 0 steps. Returns its id. */
  String insertStarted(String migrationName, String checksum);

  void recordSteps(String id, int appliedStepsCount);

  void markFinished(String id, int appliedStepsCount);

  void markFailed(String id, String logs);

  /** Records a migration that failed before any row existed (its transaction rolled back). */
  String insertFailed(String migrationName, String checksum, String logs);

  /** Records a migration as applied without running it (resolve --applied). */
  String insertApplied(String migrationName, String checksum);

  void markRolledBack(String id);
}

package dev.strata.core.history;

import dev.strata.core.source.FlywayChecksum;
import dev.strata.core.source.Migration;
import java.util.List;

/**
 * Reads and writes the history table; the only way core touches it. Implemented by each dialect;
 * {@link #write} commits at once.
 */
public interface HistoryStore {
  HistoryTable table();

  boolean exists();

  /** Creates the table (Prisma's columns and types) if it does not exist. */
  void createIfMissing();

  /** Every row, oldest first. Empty when the table does not exist. */
  List<AppliedMigration> list();

  /** Writes one change and commits it. */
  void write(HistoryWrite write);

  /**
   * The checksum this history records for {@code migration}: Prisma's (SHA-256 of the bytes), or,
   * in Flyway's format, Flyway's (see {@link FlywayChecksum}), so that Flyway's {@code validate}
   * agrees.
   */
  default String checksum(Migration migration) {
    return table().isFlyway()
        ? String.valueOf(FlywayChecksum.of(migration.content()))
        : migration.checksum();
  }
}

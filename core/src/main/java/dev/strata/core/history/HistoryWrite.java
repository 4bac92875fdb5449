package dev.strata.core.history;

import java.util.Objects;
import java.util.Optional;

/**
 * One change to the history table. Core decides what to write and when; the dialect's {@link
 * HistoryStore} writes it at once, or its script session sends it inside the transaction of the
 * statements it records, so that the two commit together.
 */
public sealed interface HistoryWrite {

  /** The row this write creates or changes. */
  String id();

  /** A migration run statement by statement starts: no finished_at, no steps yet. */
  record Started(String id, String name, String checksum, StepProgress progress)
      implements HistoryWrite {}

  /** Steps completed (or one started outside a transaction), with the file's current checksum. */
  record Progress(String id, String checksum, StepProgress progress) implements HistoryWrite {}

  /** A migration run statement by statement completed, from the file with this checksum. */
  record Finished(String id, String checksum, int steps) implements HistoryWrite {}

  /**
   * A migration applied in one transaction: its row inserted finished, inside that transaction.
   * Started at the transaction's start, or, in a batch, when the previous migration of the batch
   * finished ({@code startedWhenFinished}: that migration's row id).
   */
  record Applied(
      String id, String name, String checksum, int steps, Optional<String> startedWhenFinished)
      implements HistoryWrite {
    public Applied {
      Objects.requireNonNull(startedWhenFinished, "startedWhenFinished");
    }
  }

  /** Marked applied without running it ({@code resolve --applied}). */
  record Resolved(String id, String name, String checksum) implements HistoryWrite {}

  /** A failure recorded on an existing row (its progress kept in the logs). */
  record Failed(String id, String logs) implements HistoryWrite {}

  /** A failure of a migration that had no row (its transaction rolled back). */
  record FailedNew(String id, String name, String checksum, String logs) implements HistoryWrite {}

  /**
   * Flyway's baseline row: the versioned migrations up to {@code version} count as applied (see
   * {@link AppliedMigration#FLYWAY_BASELINE}). Only a history in Flyway's format has such a row;
   * Prisma's records a baseline as one resolved row per migration.
   */
  record Baseline(String id, String version) implements HistoryWrite {}

  /** A row marked rolled back: pending again. */
  record RolledBack(String id) implements HistoryWrite {}
}

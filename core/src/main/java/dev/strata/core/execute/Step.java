package dev.strata.core.execute;

import java.util.Objects;

/**
 * One statement of a migration as the executor runs it: its place, its line, and how it must run.
 * Its text is the plan's ({@link ScriptPlan#text(Step)}).
 *
 * @param index 0-based position among the script's statements
 * @param line 1-based line on which it starts
 * @param kind how it runs
 * @param reason for {@link Kind#OUTSIDE_TRANSACTION}, why (in the database's words), else empty
 */
public record Step(int index, int line, Kind kind, String reason) {

  public Step {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /** How a statement runs. */
  public enum Kind {
    /** May run inside a transaction block: it commits together with its history update. */
    ORDINARY,
    /**
     * Cannot run inside a transaction block ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}…):
     * it commits on its own, so a resume must judge by its effect whether it completed.
     */
    OUTSIDE_TRANSACTION,
    /** Opens the script's own transaction ({@code BEGIN}, {@code START TRANSACTION}). */
    BEGIN,
    /** Commits the script's own transaction ({@code COMMIT}, {@code END}, {@code PREPARE}). */
    COMMIT,
    /** Rolls the script's own transaction back ({@code ROLLBACK}, {@code ABORT}). */
    ROLLBACK
  }
}

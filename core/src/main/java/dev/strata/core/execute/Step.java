package dev.strata.core.execute;

import java.util.Objects;

/**
 * One statement of a migration as the executor runs it: where it is in the script and how it must
 * run. Offsets, not text, so that a plan of a 50 MB script stays small (its text is cut from the
 * script when it is sent).
 *
 * @param index 0-based position among the script's statements
 * @param start offset of the statement's first character in the script
 * @param end offset just past its last character (before the terminating semicolon)
 * @param line 1-based line on which it starts
 * @param kind how it runs
 * @param reason for {@link Kind#OUTSIDE_TRANSACTION}, why (in the database's words), else empty
 */
public record Step(int index, int start, int end, int line, Kind kind, String reason) {

  public Step {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    if (start < 0 || end < start) throw new IllegalArgumentException("bad offsets " + start);
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

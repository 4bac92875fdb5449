package dev.strata.core.execute;

import dev.strata.core.history.HistoryWrite;

/**
 * One piece of what core asks a dialect to send: the framing ({@code BEGIN}, {@code COMMIT}) is
 * explicit, so core alone decides what commits together, and the dialect sends the pieces in as few
 * round trips as it can.
 */
public sealed interface Part {
  Part BEGIN = new Begin();
  Part COMMIT = new Commit();

  /** Opens a transaction of ours. */
  record Begin() implements Part {}

  /** Commits the open transaction. */
  record Commit() implements Part {}

  /** Steps {@code from} (inclusive) to {@code to} (exclusive) of a plan, as written. */
  record Steps(ScriptPlan plan, int from, int to) implements Part {
    public Steps {
      if (from < 0 || to > plan.size() || from > to)
        throw new IllegalArgumentException(from + ".." + to + " of " + plan.size());
    }
  }

  /** A change to the history table, in whatever transaction is open. */
  record Write(HistoryWrite write) implements Part {}
}

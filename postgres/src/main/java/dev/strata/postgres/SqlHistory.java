package dev.strata.postgres;

import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryWrite;

/** A history table on PostgreSQL, whose changes can be sent inside another transaction. */
interface SqlHistory extends HistoryStore {
  /**
   * The one statement that makes {@code write}: {@link #write} sends it on its own, a script
   * session inside the transaction of the statements it records, where the server's count of
   * completed statements names a failure, so it must be exactly one.
   */
  String sql(HistoryWrite write);
}

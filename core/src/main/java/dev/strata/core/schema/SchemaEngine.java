package dev.strata.core.schema;

import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;

/** What a dialect offers to read, compare and build schemas; see {@link Database#schemas()}. */
public interface SchemaEngine {
  /** The live schema of the connected database, without the history table. */
  Schema read(HistoryTable historyTable);

  /** The changes that turn {@code from} into {@code to}, in an order that runs. */
  SchemaComparison compare(Schema from, Schema to);

  /**
   * A new, empty database on the same server, for building a schema to compare with (a "shadow");
   * closing it drops it. A scratch database left by a killed process is dropped by the next call.
   */
  Database createScratch();

  /**
   * Runs a SQL script statement by statement, outside any transaction (as psql does).
   *
   * @param source what the script is, for errors ({@code schema.sql})
   */
  void execute(String script, String source);
}

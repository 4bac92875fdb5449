package dev.strata.core.schema;

import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;
import java.util.List;

/** What a dialect offers to read, compare and build schemas; see {@link Database#schemas()}. */
public interface SchemaEngine {
  /** The live schema of the connected database, without the history table. */
  Schema read(HistoryTable historyTable);

  /**
   * A summary of the connected database's catalog, far cheaper than {@link #read}, that changes
   * whenever anything of its schema changes (and may change without that): equal stamps mean equal
   * schemas. Empty where the dialect has none or the user may not read what it needs.
   */
  default java.util.Optional<String> catalogStamp() {
    return java.util.Optional.empty();
  }

  /** The changes that turn {@code from} into {@code to}, in an order that runs. */
  SchemaComparison compare(Schema from, Schema to);

  /**
   * A new, empty database on the same server, for building a schema to compare with (a "shadow");
   * closing it drops it. A scratch database left by a killed process is dropped by the next call.
   */
  Database createScratch();

  /**
   * A new, empty database as {@link #createScratch()} makes, holding schema {@code scope} (when
   * given) on its search path: where migrations build what they build in a target of that {@link
   * #scope}.
   */
  default Database createScratch(java.util.Optional<String> scope) {
    return createScratch();
  }

  /**
   * The one schema of its database this target is, when its URL names one (PostgreSQL's {@code
   * ?schema=}, a tenant among others): its schema is read and compared alone, and shadows for it
   * build in a schema of that name. Empty for a whole database.
   */
  default java.util.Optional<String> scope() {
    return java.util.Optional.empty();
  }

  /**
   * The catalog that prints this engine's schemas ({@code PostgreSQL 15}): definitions the server
   * prints back (views, defaults, index expressions) are only comparable between schemas read on
   * the same one.
   */
  String catalogVersion();

  /** True if the connected user may create databases on this server ({@link #createScratch}). */
  boolean canCreateScratch();

  /**
   * Whether this dialect's schemas can be built on the embedded PostgreSQL, the shadow server of
   * last resort when the user may not create databases on the target's own server. A dialect that
   * says no has its shadows made on the target's server regardless, where a missing privilege is
   * reported by {@link #createScratch}.
   */
  default boolean buildsOnEmbedded() {
    return true;
  }

  /**
   * Builds, in the connected empty database, a schema read from another database of this dialect:
   * the starting point of a shadow database that looks like a live one.
   *
   * @param source what the schema is, for errors ({@code the live schema of db})
   * @throws dev.strata.core.StrataException naming the statement that failed, or the extension this
   *     server lacks
   */
  void build(Schema schema, String source);

  /**
   * The statements a generated migration starts with ({@code strata dev}): a bounded wait for the
   * locks its changes take, as the review asks of every migration.
   */
  List<String> migrationPreamble();

  /**
   * Runs a SQL script statement by statement, outside any transaction (as psql does).
   *
   * @param source what the script is, for errors ({@code schema.sql})
   */
  void execute(String script, String source);
}

package dev.strata.core.dialect;

import dev.strata.core.execute.RunLimits;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.ScriptSession;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to one database, as a dialect provides it. Everything that knows the database
 * (SQL, locks, catalog) is behind this interface; core decides what to do, the dialect how.
 */
public interface Database extends AutoCloseable {

  /** Where we are connected, with any password masked: {@code PostgreSQL 15.4 at host:5432/db}. */
  String description();

  /** The database's name on its server. */
  String databaseName();

  /** True if a {@code migration_lock.toml} provider names this database. */
  boolean acceptsProvider(String provider);

  /**
   * The history table to use: the override if given (in Flyway's format if it has Flyway's
   * columns); else the one the database has, Prisma's, then Flyway's, then Strata's, so a project
   * keeps its history; else {@code whenNone}, the table the migrations folder calls for.
   */
  HistoryTable historyTable(Optional<HistoryTable> override, HistoryTable whenNone);

  HistoryStore history(HistoryTable table);

  /**
   * Takes the deploy lock for this history table, waiting up to {@code wait} while another deployer
   * holds it. Held until closed, at session level (a transaction-level lock would block {@code
   * CREATE INDEX CONCURRENTLY}).
   *
   * @throws dev.strata.core.StrataException with exit code LOCKED when the wait runs out
   */
  DeployLock lock(HistoryTable table, Duration wait, LockListener listener);

  /** Who holds the deploy lock of this history table now, if anyone does. */
  Optional<LockHolder> lockHolder(HistoryTable table);

  /**
   * Ends a session that holds the deploy lock for a deployer that is gone; the server rolls back
   * what it was running. Returns false if the session was already gone.
   */
  boolean terminate(LockHolder holder);

  /**
   * The primitives that run migration scripts on this connection, recording them in {@code table};
   * {@code notes} hears what the dialect did on its own (an INVALID index dropped to be rebuilt).
   */
  ScriptSession scripts(
      HistoryTable table,
      RunLimits limits,
      java.util.function.BiConsumer<ScriptPlan, String> notes);

  /**
   * Runs each statement; each must return one row whose first column is true. Returns a description
   * of each that did not hold.
   */
  List<String> failedAssertions(List<String> statements);

  /**
   * The first column of every row a query returns, as text ({@code strata fleet --targets-sql}).
   *
   * @throws dev.strata.core.StrataException FAILED, naming the query, when it fails
   */
  List<String> firstColumn(String query);

  /**
   * The names of the schemas (MySQL: the databases) on this server whose name matches {@code
   * likePattern} as SQL's LIKE does, system schemas and Strata's shadows left out, in name order
   * ({@code strata fleet --schemas}).
   */
  List<String> schemasLike(String likePattern);

  /** What {@code strata doctor} needs to know about this database and the pending migrations. */
  Readiness readiness(List<dev.strata.core.execute.ScriptPlan> pending, HistoryTable table);

  /** What this dialect offers beyond deploying; see {@link Capability}. */
  default java.util.Set<Capability> capabilities() {
    return java.util.Set.of();
  }

  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /** Reading, comparing and building schemas (drift, diff, pull, dev). */
  default dev.strata.core.schema.SchemaEngine schemas() {
    throw Capability.SCHEMAS.unsupported(description());
  }

  /** Static rules and observed hazards for migrations ({@code strata review}). */
  default dev.strata.core.review.ReviewEngine reviews() {
    throw Capability.REVIEW.unsupported(description());
  }

  /** Backup and restore of this database. */
  default dev.strata.core.backup.BackupEngine backups() {
    throw Capability.BACKUP.unsupported(description());
  }

  /**
   * What a dialect may leave out: every dialect deploys and reports status; these it offers when it
   * can.
   */
  enum Capability {
    SCHEMAS("reading and comparing schemas (drift, diff, pull, dev)"),
    REVIEW("the migration review"),
    BACKUP("backup and restore");

    private final String what;

    Capability(String what) {
      this.what = what;
    }

    public String what() {
      return what;
    }

    /** The error for a command that needs it on a database without it. */
    public dev.strata.core.StrataException unsupported(String database) {
      return new dev.strata.core.StrataException(
          dev.strata.core.ExitCode.USAGE,
          "Not supported on " + database + ": " + what + ". Everything else works as usual.");
    }
  }

  @Override
  void close();

  /** Held deploy lock; closing releases it. */
  interface DeployLock extends AutoCloseable {
    @Override
    void close();
  }

  /** Told while waiting for another deployer. */
  interface LockListener {
    void waiting(LockHolder holder, Duration waited);
  }
}

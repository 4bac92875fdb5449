package dev.strata.core.review;

import dev.strata.core.execute.ScriptPlan;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a dialect offers to review migrations; see {@link
 * dev.strata.core.dialect.Database#reviews()}.
 */
public interface ReviewEngine {

  /**
   * Findings from a migration's text alone.
   *
   * @param existingTables tables of the target before the reviewed migrations ran, {@code
   *     schema.table}: a statement that locks one of these can block the application
   */
  List<Finding> lint(ScriptPlan plan, Set<String> existingTables);

  /**
   * Findings from what a migration was observed to do on a shadow database (locks on tables in use,
   * rewrites, data removed, a failure), in this database's terms.
   */
  List<Finding> findings(String migration, String file, Observation observation);

  /** The tables of the connected database, {@code schema.table}, without the history table. */
  Set<String> tables(dev.strata.core.history.HistoryTable historyTable);

  /**
   * Runs a migration on the connected database (a shadow), statement by statement, reading after
   * each what it locked, rewrote and removed; then commits, so the next migration sees its changes.
   * A failure is returned in the observation, with the statements before it.
   *
   * @param inUse the tables the application may be using: locks on these are hazards
   * @param target the database being migrated, to count the rows a removal would lose
   * @param lockTimeout the lock_timeout deploy will set ({@code --lock-timeout}), if any
   * @param sampled the shadow holds a sample of the target's rows ({@link #copySample}): a data
   *     error on them is the target's; without them, one on a table the target has says nothing
   */
  Observation observe(
      ScriptPlan plan,
      Set<String> inUse,
      ReviewEngine target,
      Optional<java.time.Duration> lockTimeout,
      boolean sampled);

  /**
   * Whether the migration may touch one of {@code tables} ({@code schema.table}): it names one
   * anywhere in its text, dynamic SQL included. May say yes wrongly, never no wrongly.
   */
  boolean mayTouch(ScriptPlan plan, Set<String> tables);

  /**
   * Runs a migration on the connected database (a shadow) as deploy would, without observing it.
   *
   * @return the error, if it failed (its changes are then rolled back as far as deploy's would be)
   */
  Optional<String> apply(ScriptPlan plan);

  /**
   * Rows of the connected database that hold data in a table, or in one column of it ({@code
   * column} present): what dropping it loses.
   */
  DataAtRisk rowsAtRisk(String table, Optional<String> column);

  /**
   * Copies up to {@code rows} rows of each table of {@code source} into the same table of the
   * connected database, which has the same schema; foreign keys and triggers are not enforced for
   * the copy, since a sample of each table does not hold every referenced row.
   */
  void copySample(
      dev.strata.core.dialect.Database source,
      int rows,
      dev.strata.core.history.HistoryTable historyTable);
}

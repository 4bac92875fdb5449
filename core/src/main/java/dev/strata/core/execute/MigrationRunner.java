package dev.strata.core.execute;

import dev.strata.core.history.AppliedMigration;
import dev.strata.core.source.Migration;
import java.util.List;
import java.util.Optional;

/**
 * Runs migration scripts and records them, the way its database needs. Implemented by each dialect.
 */
public interface MigrationRunner {

  /**
   * Splits and classifies a script.
   *
   * @throws dev.strata.core.StrataException if the script cannot be split (its file and line named)
   */
  ScriptPlan analyze(Migration migration);

  /**
   * Why these migrations cannot all run in one transaction, one reason per offending migration
   * (naming it); empty if they can.
   */
  List<String> whyNotAtomic(List<ScriptPlan> batch);

  /**
   * Applies one migration and records it. A transactional plan runs with its history row in one
   * transaction; a stepwise plan runs statement by statement, recording each completed step, and
   * resumes after the steps recorded in {@code interrupted}.
   *
   * @throws MigrationFailedException when a statement fails; the failure is recorded in the history
   */
  void apply(ScriptPlan plan, Optional<AppliedMigration> interrupted, DeployListener listener);

  /**
   * Applies all plans, and records them, in one transaction; on failure nothing is applied and the
   * failing migration is recorded as failed.
   */
  void applyAtomically(List<ScriptPlan> plans, DeployListener listener);

  /**
   * Runs a migration's down script and marks its history row rolled back: in one transaction when
   * the script allows it (a failure then changes nothing), else statement by statement. A failure
   * is not written to the history.
   *
   * @param down the down script, analyzed
   * @param applied the history row of the migration being rolled back
   */
  void revert(ScriptPlan down, AppliedMigration applied);
}

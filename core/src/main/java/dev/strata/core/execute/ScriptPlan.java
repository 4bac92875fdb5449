package dev.strata.core.execute;

import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import java.util.List;

/**
 * How a migration will run, decided from its statements before anything runs.
 *
 * @param statements the script split into statements
 * @param stepwiseReasons why it must run statement by statement outside one transaction of ours (a
 *     statement that cannot run in a transaction block, or its own BEGIN/COMMIT), each with its
 *     line; empty when it runs in one transaction
 */
public record ScriptPlan(
    Migration migration, List<SqlStatement> statements, List<String> stepwiseReasons) {

  public ScriptPlan {
    statements = List.copyOf(statements);
    stepwiseReasons = List.copyOf(stepwiseReasons);
  }

  public boolean transactional() {
    return stepwiseReasons.isEmpty();
  }
}

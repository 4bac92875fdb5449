package dev.strata.postgres;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.StatementClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a batch of migrations can run in one transaction ({@code --atomic}) on PostgreSQL: none
 * may need to run statement by statement, and none may use an enum value an earlier one adds, which
 * PostgreSQL refuses until the transaction that added it commits.
 */
final class AtomicBatch {
  private AtomicBatch() {}

  static List<String> whyNot(List<ScriptPlan> batch) {
    List<String> reasons = new ArrayList<>();
    record Added(String value, String type, Migration by, int line) {}
    List<Added> added = new ArrayList<>();
    for (ScriptPlan plan : batch) {
      if (!plan.transactional()) {
        reasons.add(
            "migration `"
                + plan.migration().name()
                + "` cannot share a transaction: "
                + String.join(", ", plan.stepwiseReasons()));
        continue;
      }
      for (SqlStatement st : plan.statements()) {
        for (Added a : added) {
          if (StatementClassifier.usesStringLiteral(st, a.value())) {
            reasons.add(
                "migration `"
                    + plan.migration().name()
                    + "` uses enum value '"
                    + a.value()
                    + "' (line "
                    + st.startLine()
                    + ") that migration `"
                    + a.by().name()
                    + "` adds to "
                    + a.type()
                    + " (line "
                    + a.line()
                    + "), and PostgreSQL cannot use a new enum value in the transaction that added it");
          }
        }
        StatementClassifier.enumValueAdded(st)
            .ifPresent(
                e ->
                    added.add(
                        new Added(e.value(), e.typeName(), plan.migration(), st.startLine())));
      }
    }
    return reasons;
  }
}

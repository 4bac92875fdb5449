package dev.strata.postgres.sql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.Step;
import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A migration's plan on PostgreSQL: its statements, and how each must run. */
public final class ScriptAnalysis {
  private ScriptAnalysis() {}

  /**
   * Splits a script as psql would and decides how each statement runs.
   *
   * @throws StrataException if the script cannot be split, naming its file and line
   */
  public static ScriptPlan plan(Migration migration) {
    PostgresSplitter splitter = new PostgresSplitter();
    String script = migration.sql();
    ScriptPlan.Builder plan = ScriptPlan.builder(migration, script, splitter::split);
    List<String> reasons = new ArrayList<>();
    try {
      splitter.split(
          script,
          st -> {
            Step step = add(plan, st);
            switch (step.kind()) {
              case BEGIN, COMMIT, ROLLBACK ->
                  reasons.add("its own " + st.words().get(0) + " at line " + st.startLine());
              case OUTSIDE_TRANSACTION ->
                  reasons.add(step.reason() + " (line " + st.startLine() + ")");
              case ORDINARY -> {}
            }
          });
    } catch (SqlSyntaxException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot run migration `"
              + migration.name()
              + "`: "
              + migration.displayPath()
              + ":"
              + e.line()
              + ": "
              + e.getMessage().replaceFirst("^line \\d+: ", "")
              + ". Nothing was run.");
    }
    return plan.build(reasons);
  }

  private static Step add(ScriptPlan.Builder plan, SqlStatement st) {
    int start = st.startOffset();
    int end = start + st.text().length();
    Optional<String> outside = StatementClassifier.nonTransactionalReason(st);
    // Checked first: COMMIT PREPARED and ROLLBACK PREPARED end another transaction, not ours.
    if (outside.isPresent())
      return plan.add(start, end, st.startLine(), Step.Kind.OUTSIDE_TRANSACTION, outside.get());
    Step.Kind kind = Step.Kind.ORDINARY;
    if (StatementClassifier.isTransactionControl(st)) {
      kind =
          switch (st.words().get(0)) {
            case "BEGIN", "START" -> Step.Kind.BEGIN;
            case "ROLLBACK", "ABORT" -> Step.Kind.ROLLBACK;
            default -> Step.Kind.COMMIT; // COMMIT, END, PREPARE TRANSACTION
          };
    }
    return plan.add(start, end, st.startLine(), kind, "");
  }
}

package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.Step;
import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.List;

/** A migration's plan on MySQL and MariaDB: its statements, and how each must run. */
final class MysqlScripts {
  private MysqlScripts() {}

  /**
   * Splits a script as the mysql client would. A migration with DDL runs statement by statement:
   * every DDL statement commits on its own, so no transaction can hold the migration whole.
   */
  static ScriptPlan plan(Migration migration, MysqlSplitter splitter) {
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
    Step.Kind kind = MysqlStatements.kind(st);
    String reason =
        kind == Step.Kind.OUTSIDE_TRANSACTION ? MysqlStatements.implicitCommit(st).orElse("") : "";
    return plan.add(start, end, st.startLine(), kind, reason);
  }
}

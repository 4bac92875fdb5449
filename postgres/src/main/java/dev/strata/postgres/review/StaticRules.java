package dev.strata.postgres.review;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.Finding;
import dev.strata.postgres.review.lint.MigrationText;
import dev.strata.postgres.review.lint.Rules;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The rules {@code strata review} applies to a migration's text alone, before anything runs: locks
 * on tables in use, data loss, changes that break running code, migrations that cannot run twice or
 * be reversed. The text is read with the project's PostgreSQL lexer, so literals, comments, quoted
 * names and the bodies of functions and DO blocks are never mistaken for statements.
 */
public final class StaticRules {
  private StaticRules() {}

  /**
   * Findings from one migration's text, in script order.
   *
   * @param existingTables the target's tables before the reviewed migrations, {@code schema.table};
   *     empty for a fresh database, where no statement can block the application
   */
  public static List<Finding> check(ScriptPlan plan, Set<String> existingTables) {
    MigrationText text = new MigrationText(plan, existingTables);
    return Rules.all().stream()
        .flatMap(rule -> rule.check(text).stream())
        .sorted(Comparator.comparingInt(Finding::line))
        .toList();
  }
}

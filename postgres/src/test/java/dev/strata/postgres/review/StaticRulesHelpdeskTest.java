package dev.strata.postgres.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSource;
import dev.strata.core.sql.SqlStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bundled example is written to be safe: no rule may call any of its migrations a hazard,
 * whether reviewed against a fresh database or one migration at a time against the tables the
 * earlier ones created.
 */
class StaticRulesHelpdeskTest {
  private static final List<Migration> HELPDESK =
      MigrationSource.load(Path.of("../examples/helpdesk/migrations")).migrations();

  @Test
  void helpdeskHasNoFindingOnAFreshDatabase() {
    assertThat(HELPDESK).hasSize(19);
    List<Finding> findings = new ArrayList<>();
    for (Migration m : HELPDESK) findings.addAll(StaticRules.check(Reviewed.plan(m), Set.of()));
    assertThat(findings).isEmpty();
  }

  @Test
  void helpdeskHasNoFindingAgainstTheTablesOfEarlierMigrations() {
    Set<String> existing = new HashSet<>();
    List<Finding> findings = new ArrayList<>();
    for (Migration m : HELPDESK) {
      ScriptPlan plan = Reviewed.plan(m);
      findings.addAll(StaticRules.check(plan, existing));
      existing.addAll(tablesCreated(plan));
    }
    assertThat(existing).contains("public.tickets", "public.satisfaction_ratings").hasSize(11);
    assertThat(findings).filteredOn(f -> f.level() == Level.ERROR).isEmpty();
    assertThat(findings).isEmpty();
  }

  /**
   * {@code public.<name>} for each {@code CREATE TABLE [IF NOT EXISTS] name}: the example's tables.
   */
  private static Set<String> tablesCreated(ScriptPlan plan) {
    Set<String> tables = new HashSet<>();
    for (SqlStatement st : plan.statements()) {
      if (!st.startsWith("CREATE", "TABLE")) continue;
      int name = st.startsWith("CREATE", "TABLE", "IF", "NOT", "EXISTS") ? 5 : 2;
      tables.add("public." + st.words().get(name).toLowerCase(Locale.ROOT));
    }
    return tables;
  }
}

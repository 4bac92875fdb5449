package dev.strata.postgres.review.lint;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One migration as the rules read it: its statements with their tokens, which tables already hold
 * the application's data, and how findings about it are written.
 */
public final class MigrationText {
  private final ScriptPlan plan;
  private final Set<String> existingTables;
  private final List<ScriptStatement> statements;
  private final List<Creation> created = new ArrayList<>();

  private record Creation(int index, Name table) {}

  /**
   * @param existingTables the target's tables before the reviewed migrations, {@code schema.table}
   *     as the catalog stores the names
   */
  public MigrationText(ScriptPlan plan, Set<String> existingTables) {
    this.plan = plan;
    this.existingTables = Set.copyOf(existingTables);
    this.statements = read(plan);
    for (ScriptStatement st : statements) {
      CreateStatement.of(st.tokens())
          .filter(c -> c.kind().equals("TABLE") || c.kind().equals("MATERIALIZED VIEW"))
          .filter(c -> c.name().isPresent())
          // CREATE TABLE IF NOT EXISTS of a table that is there does nothing: it stays in use.
          .filter(c -> !c.ifNotExists() || !inExistingTables(c.name().get()))
          .ifPresent(c -> created.add(new Creation(st.index(), c.name().get())));
    }
  }

  ScriptPlan plan() {
    return plan;
  }

  List<ScriptStatement> statements() {
    return statements;
  }

  /**
   * True if the application may be using {@code table} when statement {@code before} runs: the
   * target had it, and this migration did not create it earlier. Against an empty target (a fresh
   * database) nothing is in use.
   */
  boolean existing(Name table, int before) {
    return inExistingTables(table) && !createdEarlier(table, before);
  }

  /** The statement as an ALTER TABLE, when it is one and alters a table in use. */
  java.util.Optional<AlterTable> alterOfTableInUse(ScriptStatement st) {
    return AlterTable.of(st.tokens()).filter(a -> existing(a.table(), st.index()));
  }

  /** True if a statement before {@code before} in this migration created {@code table}. */
  boolean createdEarlier(Name table, int before) {
    return created.stream().anyMatch(c -> c.index() < before && sameTable(c.table(), table));
  }

  boolean targetKnown() {
    return !existingTables.isEmpty();
  }

  /** The same table, when a name without schema matches that table in any schema. */
  static boolean sameTable(Name a, Name b) {
    if (!a.last().equals(b.last())) return false;
    return a.schema().isEmpty() || b.schema().isEmpty() || a.schema().equals(b.schema());
  }

  Finding finding(
      String code,
      Level level,
      Finding.Concern concern,
      int line,
      String summary,
      String why,
      String fix) {
    return new Finding(
        code,
        level,
        Finding.Evidence.STATIC,
        concern,
        plan.migration().name(),
        plan.migration().displayPath(),
        line,
        summary,
        why,
        fix);
  }

  private boolean inExistingTables(Name table) {
    if (table.schema().isPresent()) {
      return existingTables.contains(table.schema().get() + "." + table.last());
    }
    String suffix = "." + table.last();
    return existingTables.stream().anyMatch(t -> t.endsWith(suffix));
  }

  /**
   * Row changes: no rule reads them beyond noticing that the migration does other work than the
   * statements the rules look at. Only the first is kept (as its first word), so that a script of
   * half a million INSERTs costs the review nothing per row; indexes still count every statement.
   */
  private static final Set<String> ROW_CHANGES =
      Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "VALUES");

  /** Tokens for each statement, and the explicit transaction block each one is in. */
  private static List<ScriptStatement> read(ScriptPlan plan) {
    List<ScriptStatement> read = new ArrayList<>();
    // statements seen, blocks opened so far, the block now open, row changes kept
    int[] count = {0, 0, 0, 0};
    plan.forEachStatement(
        whole -> {
          int index = count[0]++;
          SqlStatement sql = whole;
          if (!whole.words().isEmpty() && ROW_CHANGES.contains(whole.words().get(0))) {
            if (count[3]++ > 0) return;
            String head = whole.words().get(0);
            sql =
                new SqlStatement(
                    head, whole.startOffset(), whole.startLine(), List.of(head), List.of());
          }
          StatementTokens tokens = StatementTokens.of(sql);
          ScriptStatement st = new ScriptStatement(index, sql, tokens, count[2]);
          if (st.transactionControl()) {
            boolean opens = st.startsWith("BEGIN") || st.startsWith("START");
            // COMMIT AND CHAIN (not AND NO CHAIN) ends one block and opens the next at once.
            boolean chains = sql.words().contains("CHAIN") && !sql.words().contains("NO");
            count[2] = opens || chains ? ++count[1] : 0;
            if (opens) st = new ScriptStatement(st.index(), sql, tokens, count[2]);
          }
          read.add(st);
        });
    return read;
  }
}

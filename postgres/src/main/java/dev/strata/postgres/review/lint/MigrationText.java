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
    this.statements = read(plan.statements());
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

  /** Tokens for each statement, and the explicit transaction block each one is in. */
  private static List<ScriptStatement> read(List<SqlStatement> sqls) {
    List<ScriptStatement> read = new ArrayList<>();
    int blocks = 0;
    int current = 0;
    for (SqlStatement sql : sqls) {
      StatementTokens tokens = StatementTokens.of(sql);
      ScriptStatement st = new ScriptStatement(read.size(), sql, tokens, current);
      if (st.transactionControl()) {
        boolean opens = st.startsWith("BEGIN") || st.startsWith("START");
        // COMMIT AND CHAIN (not AND NO CHAIN) ends one block and opens the next at once.
        boolean chains = sql.words().contains("CHAIN") && !sql.words().contains("NO");
        current = opens || chains ? ++blocks : 0;
        if (opens) st = new ScriptStatement(st.index(), sql, tokens, current);
      }
      read.add(st);
    }
    return read;
  }
}

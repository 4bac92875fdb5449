package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.List;
import java.util.Optional;

/**
 * Statements that queue for a lock on a table the application may be using (one that blocks its
 * writes, or its reads too): while one waits, every query on the table queues behind it.
 * CONCURRENTLY forms take no such lock and are left out.
 */
final class TableLockers {
  private TableLockers() {}

  /**
   * A lock a statement takes.
   *
   * @param statement the statement's head, e.g. {@code CREATE INDEX a_idx}
   * @param table the table in use it locks; empty when the text does not say which (DROP INDEX,
   *     VACUUM FULL of every table) and the target has tables
   */
  record Lock(String statement, Optional<Name> table) {}

  static Optional<Lock> of(MigrationText text, ScriptStatement st) {
    StatementTokens t = st.tokens();
    int i = st.index();
    Optional<AlterTable> alter = AlterTable.of(t);
    if (alter.isPresent()) return on(text, i, "ALTER TABLE", List.of(alter.get().table()));
    Optional<CreateStatement> create = CreateStatement.of(t);
    if (create.isPresent()) {
      CreateStatement c = create.get();
      boolean locks = (c.kind().equals("INDEX") && !c.concurrently()) || c.kind().equals("TRIGGER");
      return locks ? on(text, i, c.head(), c.on().stream().toList()) : Optional.empty();
    }
    Optional<DropStatement> drop = DropStatement.of(t);
    if (drop.isPresent()) return dropped(text, st, drop.get());
    return switch (t.upperWord(0)) {
      case "TRUNCATE" -> on(text, i, "TRUNCATE", TableList.at(t, t.isWord(1, "TABLE") ? 2 : 1));
      case "LOCK" ->
          st.sql().words().contains("NOWAIT")
              ? Optional.empty()
              : on(text, i, "LOCK TABLE", TableList.at(t, t.isWord(1, "TABLE") ? 2 : 1));
      case "VACUUM" ->
          st.sql().words().contains("FULL") ? everyOr(text, st, "VACUUM FULL") : Optional.empty();
      case "CLUSTER" -> everyOr(text, st, "CLUSTER");
      case "REFRESH" ->
          t.isWords(1, "MATERIALIZED", "VIEW") && !t.isWord(3, "CONCURRENTLY")
              ? on(text, i, "REFRESH MATERIALIZED VIEW", t.nameAt(3).stream().toList())
              : Optional.empty();
      case "REINDEX" -> reindex(text, st);
      default -> Optional.empty();
    };
  }

  private static Optional<Lock> dropped(MigrationText text, ScriptStatement st, DropStatement d) {
    int i = st.index();
    return switch (d.kind()) {
      case "TABLE" -> on(text, i, "DROP TABLE", d.names());
      case "TRIGGER", "RULE", "POLICY" -> on(text, i, d.head(), d.on().stream().toList());
      case "INDEX" -> {
        // The index's table is not in the text: assume one in use unless the index is new.
        boolean newIndexes = d.names().stream().allMatch(n -> indexCreatedEarlier(text, n, i));
        yield d.concurrently() || newIndexes || !text.targetKnown()
            ? Optional.empty()
            : Optional.of(new Lock(d.head(), Optional.empty()));
      }
      default -> Optional.empty();
    };
  }

  /** VACUUM FULL or CLUSTER: of the tables named after the options, or of every table. */
  private static Optional<Lock> everyOr(MigrationText text, ScriptStatement st, String head) {
    StatementTokens t = st.tokens();
    int i = 1;
    if (t.isOpenParen(i)) i = t.closingParen(i) + 1;
    while (List.of("FULL", "FREEZE", "VERBOSE", "ANALYZE").contains(t.upperWord(i))) i++;
    List<Name> tables = TableList.at(t, i);
    if (!tables.isEmpty()) return on(text, st.index(), head, tables);
    return text.targetKnown() ? Optional.of(new Lock(head, Optional.empty())) : Optional.empty();
  }

  private static Optional<Lock> reindex(MigrationText text, ScriptStatement st) {
    StatementTokens t = st.tokens();
    if (st.concurrently()) return Optional.empty();
    int i = 1;
    if (t.isOpenParen(i)) i = t.closingParen(i) + 1;
    if (t.isWord(i, "TABLE"))
      return on(text, st.index(), "REINDEX TABLE", t.nameAt(i + 1).stream().toList());
    if (t.isWord(i, "INDEX") && text.targetKnown()) {
      return Optional.of(new Lock("REINDEX INDEX", Optional.empty()));
    }
    return Optional.empty();
  }

  /** A lock on the first of {@code tables} that is in use, if any is. */
  private static Optional<Lock> on(MigrationText text, int index, String head, List<Name> tables) {
    return tables.stream()
        .filter(table -> text.existing(table, index))
        .findFirst()
        .map(table -> new Lock(head, Optional.of(table)));
  }

  private static boolean indexCreatedEarlier(MigrationText text, Name index, int before) {
    return text.statements().stream()
        .filter(st -> st.index() < before)
        .flatMap(st -> CreateStatement.of(st.tokens()).stream())
        .anyMatch(
            c ->
                c.kind().equals("INDEX")
                    && c.name().map(n -> n.last().equals(index.last())).orElse(false));
  }
}

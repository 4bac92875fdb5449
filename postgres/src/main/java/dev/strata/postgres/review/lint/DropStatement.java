package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The head of a {@code DROP} statement: {@code DROP kind [CONCURRENTLY] [IF EXISTS] name [, ...]},
 * or {@code DROP TRIGGER|RULE|POLICY [IF EXISTS] name ON table}.
 *
 * @param kind the object kind upper-cased ({@code TABLE}, {@code MATERIALIZED VIEW}, {@code OWNED})
 * @param names the objects dropped (a function's argument list is skipped)
 * @param on the table of a trigger, rule or policy
 */
record DropStatement(
    String kind, boolean concurrently, boolean ifExists, List<Name> names, Optional<Name> on) {

  static Optional<DropStatement> of(StatementTokens t) {
    if (!t.isWord(0, "DROP")) return Optional.empty();
    int i = 1;
    String kind = t.upperWord(i++);
    if (kind.isEmpty()) return Optional.empty();
    if (ObjectKinds.twoWords(kind, t.upperWord(i))) kind += " " + t.upperWord(i++);
    if (kind.equals("TEXT SEARCH")) kind += " " + t.upperWord(i++);
    boolean concurrently = t.isWord(i, "CONCURRENTLY");
    if (concurrently) i++;
    boolean ifExists = t.isWords(i, "IF", "EXISTS");
    if (ifExists) i += 2;
    List<Name> names = new ArrayList<>();
    while (true) {
      Optional<Name> name = t.nameAt(i);
      if (name.isEmpty()) break;
      names.add(name.get());
      i = name.get().next();
      if (t.isOpenParen(i)) i = t.closingParen(i) + 1;
      if (!t.isComma(i)) break;
      i++;
    }
    Optional<Name> on = t.isWord(i, "ON") ? t.nameAt(i + 1) : Optional.empty();
    return Optional.of(new DropStatement(kind, concurrently, ifExists, names, on));
  }

  /** {@code DROP TABLE a, b}, for summaries. */
  String head() {
    return "DROP "
        + kind
        + (concurrently ? " CONCURRENTLY" : "")
        + (names.isEmpty() ? "" : " ")
        + String.join(", ", names.stream().map(Name::display).toList())
        + on.map(n -> " ON " + n.display()).orElse("");
  }
}

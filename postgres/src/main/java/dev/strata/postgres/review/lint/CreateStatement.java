package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.Optional;
import java.util.Set;

/**
 * The head of a {@code CREATE} statement: {@code CREATE [OR REPLACE] [TEMP|UNLOGGED|UNIQUE|...]
 * kind [CONCURRENTLY] [IF NOT EXISTS] [name] ...}, and for an index or trigger the table after
 * {@code ON}.
 *
 * @param kind the object kind upper-cased, two words where PostgreSQL uses two ({@code MATERIALIZED
 *     VIEW}, {@code EVENT TRIGGER})
 * @param name the object's name; empty for an index left for PostgreSQL to name
 * @param on the table of an index or trigger
 */
record CreateStatement(
    String kind,
    boolean unique,
    boolean orReplace,
    boolean concurrently,
    boolean ifNotExists,
    Optional<Name> name,
    Optional<Name> on) {

  private static final Set<String> MODIFIERS =
      Set.of(
          "GLOBAL",
          "LOCAL",
          "TEMPORARY",
          "TEMP",
          "UNLOGGED",
          "RECURSIVE",
          "UNIQUE",
          "CONSTRAINT",
          "TRUSTED",
          "PROCEDURAL",
          "DEFAULT");

  static Optional<CreateStatement> of(StatementTokens t) {
    if (!t.isWord(0, "CREATE")) return Optional.empty();
    int i = 1;
    boolean orReplace = t.isWords(i, "OR", "REPLACE");
    if (orReplace) i += 2;
    boolean unique = false;
    while (MODIFIERS.contains(t.upperWord(i))) {
      unique |= t.isWord(i, "UNIQUE");
      i++;
    }
    String kind = t.upperWord(i++);
    if (kind.isEmpty()) return Optional.empty();
    if (ObjectKinds.twoWords(kind, t.upperWord(i))) kind += " " + t.upperWord(i++);
    boolean concurrently = kind.equals("INDEX") && t.isWord(i, "CONCURRENTLY");
    if (concurrently) i++;
    boolean ifNotExists = t.isWords(i, "IF", "NOT", "EXISTS");
    if (ifNotExists) i += 3;
    if (kind.equals("SCHEMA") && t.isWord(i, "AUTHORIZATION")) i++;
    Optional<Name> name =
        kind.equals("INDEX") && t.isWord(i, "ON") ? Optional.empty() : t.nameAt(i);
    Optional<Name> on = Optional.empty();
    if (kind.equals("INDEX") || kind.equals("TRIGGER")) {
      int from = name.map(Name::next).orElse(i);
      int onAt = new TokenRange(t, from, t.size()).find("ON");
      if (onAt >= 0) on = t.nameAt(t.isWord(onAt + 1, "ONLY") ? onAt + 2 : onAt + 1);
    }
    return Optional.of(
        new CreateStatement(kind, unique, orReplace, concurrently, ifNotExists, name, on));
  }

  /** {@code CREATE UNIQUE INDEX name} or {@code CREATE TABLE name}, for summaries. */
  String head() {
    return head("");
  }

  /** The head with IF NOT EXISTS before the name, for fixes. */
  String guardedHead() {
    return head(" IF NOT EXISTS");
  }

  private String head(String guard) {
    return "CREATE "
        + (unique ? "UNIQUE " : "")
        + kind
        + (concurrently ? " CONCURRENTLY" : "")
        + guard
        + name.map(n -> " " + n.display()).orElse("");
  }
}

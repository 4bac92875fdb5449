package dev.strata.mysql.review;

import dev.strata.mysql.Names;
import dev.strata.mysql.Names.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a statement's text says it does to tables, read from its tokens: enough for the review's
 * rules and for knowing which table an online-DDL probe concerns. Table names are bare (a {@code
 * db.} prefix is dropped): a migration works in the database it is deployed to.
 */
record DdlText(List<Token> tokens) {

  static DdlText of(String sql) {
    return new DdlText(Names.of(sql));
  }

  /** The first word, upper-cased, or empty. */
  String verb() {
    return tokens.isEmpty() ? "" : tokens.get(0).word();
  }

  boolean is(int at, String keyword) {
    return at < tokens.size() && tokens.get(at).is(keyword);
  }

  /**
   * {@code ALTER [ONLINE] [IGNORE] TABLE [IF EXISTS] t actions}: the table and each action's
   * tokens, split at the commas between actions.
   */
  Optional<Alter> alterTable() {
    if (!is(0, "ALTER")) return Optional.empty();
    int at = 1;
    while (is(at, "ONLINE") || is(at, "IGNORE")) at++;
    if (!is(at, "TABLE")) return Optional.empty();
    at = skipIfExists(at + 1);
    Optional<Named> table = name(at);
    if (table.isEmpty()) return Optional.empty();
    return Optional.of(new Alter(table.get().name(), actions(table.get().next())));
  }

  /** {@code CREATE [OR REPLACE] [ONLINE] [UNIQUE|FULLTEXT|SPATIAL] INDEX i ON t}: the table. */
  Optional<String> createIndexTable() {
    if (!is(0, "CREATE")) return Optional.empty();
    int at = 1;
    while (at < tokens.size() && !is(at, "INDEX") && !is(at, "TABLE") && !is(at, "(")) at++;
    if (!is(at, "INDEX")) return Optional.empty();
    return tableAfterOn(at + 1);
  }

  /** {@code DROP INDEX i ON t}: the table. */
  Optional<String> dropIndexTable() {
    if (!is(0, "DROP") || !is(1, "INDEX")) return Optional.empty();
    return tableAfterOn(2);
  }

  /**
   * {@code DROP [TEMPORARY] TABLE [IF EXISTS] a, b}: the tables, none when it drops something else.
   */
  List<String> droppedTables() {
    if (!is(0, "DROP")) return List.of();
    int at = is(1, "TEMPORARY") ? 2 : 1;
    if (!is(at, "TABLE") && !is(at, "TABLES")) return List.of();
    return nameList(skipIfExists(at + 1));
  }

  /** {@code TRUNCATE [TABLE] t}: the table. */
  Optional<String> truncatedTable() {
    if (!is(0, "TRUNCATE")) return Optional.empty();
    return name(is(1, "TABLE") ? 2 : 1).map(Named::name);
  }

  /** {@code RENAME TABLE a TO b, c TO d}: each pair. */
  List<Rename> renamedTables() {
    List<Rename> renames = new ArrayList<>();
    if (!is(0, "RENAME") || !(is(1, "TABLE") || is(1, "TABLES"))) return renames;
    int at = skipIfExists(2);
    while (true) {
      Optional<Named> from = name(at);
      if (from.isEmpty() || !is(from.get().next(), "TO")) break;
      Optional<Named> to = name(from.get().next() + 1);
      if (to.isEmpty()) break;
      renames.add(new Rename(from.get().name(), to.get().name()));
      at = to.get().next();
      if (!is(at, ",")) break;
      at++;
    }
    return renames;
  }

  /** {@code CREATE TABLE t}: the table it creates. */
  Optional<String> createdTable() {
    if (!is(0, "CREATE")) return Optional.empty();
    int at = 1;
    if (is(at, "OR") && is(at + 1, "REPLACE")) at += 2;
    if (is(at, "TEMPORARY")) return Optional.empty();
    if (!is(at, "TABLE")) return Optional.empty();
    return name(skipIfExists(at + 1)).map(Named::name);
  }

  /** The value of an {@code ALGORITHM=} or {@code LOCK=} clause the statement gives itself. */
  Optional<String> clause(String keyword) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (!tokens.get(i).is(keyword)) continue;
      int value = is(i + 1, "=") ? i + 2 : i + 1;
      if (value < tokens.size() && !tokens.get(value).word().isEmpty()) {
        return Optional.of(tokens.get(value).word());
      }
    }
    return Optional.empty();
  }

  /**
   * One action of an ALTER TABLE.
   *
   * @param tokens its words, from the action's first to the comma or end that closes it
   */
  record Action(List<Token> tokens) {
    boolean is(int at, String keyword) {
      return at < tokens.size() && tokens.get(at).is(keyword);
    }

    /** The column a {@code DROP [COLUMN] c} drops, not a key, constraint or partition. */
    Optional<String> droppedColumn() {
      if (!is(0, "DROP")) return Optional.empty();
      int at = 1;
      if (is(at, "COLUMN")) at++;
      else if (is(at, "INDEX")
          || is(at, "KEY")
          || is(at, "PRIMARY")
          || is(at, "FOREIGN")
          || is(at, "CONSTRAINT")
          || is(at, "CHECK")
          || is(at, "PARTITION")
          || is(at, "UNIQUE")
          || is(at, "FULLTEXT")
          || is(at, "SPATIAL")
          || is(at, "SYSTEM")) return Optional.empty();
      if (is(at, "IF") && is(at + 1, "EXISTS")) at += 2;
      return at < tokens.size() && tokens.get(at).isName()
          ? Optional.of(tokens.get(at).text())
          : Optional.empty();
    }

    /** {@code RENAME COLUMN a TO b}, or {@code CHANGE [COLUMN] a b type} naming a new name. */
    Optional<Rename> renamedColumn() {
      if (is(0, "RENAME") && is(1, "COLUMN")) {
        int from = is(2, "IF") && is(3, "EXISTS") ? 4 : 2;
        if (from + 2 < tokens.size() && is(from + 1, "TO")) {
          return Optional.of(new Rename(tokens.get(from).text(), tokens.get(from + 2).text()));
        }
      }
      if (is(0, "CHANGE")) {
        int from = is(1, "COLUMN") ? 2 : 1;
        if (is(from, "IF") && is(from + 1, "EXISTS")) from += 2;
        if (from + 1 < tokens.size()) {
          String a = tokens.get(from).text();
          String b = tokens.get(from + 1).text();
          if (!a.equalsIgnoreCase(b)) return Optional.of(new Rename(a, b));
        }
      }
      return Optional.empty();
    }

    /** {@code RENAME [TO|AS] t}: the table's new name. */
    Optional<String> renamedTableTo() {
      if (!is(0, "RENAME") || is(1, "COLUMN") || is(1, "INDEX") || is(1, "KEY")) {
        return Optional.empty();
      }
      int at = is(1, "TO") || is(1, "AS") ? 2 : 1;
      if (at >= tokens.size() || !tokens.get(at).isName()) return Optional.empty();
      boolean qualified = at + 2 < tokens.size() && is(at + 1, ".");
      return Optional.of(tokens.get(qualified ? at + 2 : at).text());
    }
  }

  /** An ALTER TABLE: its table and actions. */
  record Alter(String table, List<Action> actions) {}

  record Rename(String from, String to) {}

  private record Named(String name, int next) {}

  private Optional<Named> name(int at) {
    if (at >= tokens.size() || !tokens.get(at).isName()) return Optional.empty();
    if (is(at + 1, ".") && at + 2 < tokens.size() && tokens.get(at + 2).isName()) {
      return Optional.of(new Named(tokens.get(at + 2).text(), at + 3));
    }
    return Optional.of(new Named(tokens.get(at).text(), at + 1));
  }

  private List<String> nameList(int at) {
    List<String> names = new ArrayList<>();
    while (true) {
      Optional<Named> n = name(at);
      if (n.isEmpty()) return names;
      names.add(n.get().name());
      at = n.get().next();
      if (!is(at, ",")) return names;
      at++;
    }
  }

  private Optional<String> tableAfterOn(int from) {
    for (int at = from; at < tokens.size(); at++) {
      if (tokens.get(at).is("ON")) return name(at + 1).map(Named::name);
    }
    return Optional.empty();
  }

  private int skipIfExists(int at) {
    if (is(at, "IF") && is(at + 1, "EXISTS")) return at + 2;
    if (is(at, "IF") && is(at + 1, "NOT") && is(at + 2, "EXISTS")) return at + 3;
    return at;
  }

  private List<Action> actions(int from) {
    List<Action> actions = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int at = from; at <= tokens.size(); at++) {
      boolean end = at == tokens.size();
      if (!end) {
        String w = tokens.get(at).word();
        if (w.equals("(")) depth++;
        else if (w.equals(")")) depth--;
        if (!(w.equals(",") && depth == 0)) continue;
      }
      if (at > start) actions.add(new Action(List.copyOf(tokens.subList(start, at))));
      start = at + 1;
    }
    return actions;
  }
}

package dev.strata.mysql;

import dev.strata.core.execute.Judgement;
import dev.strata.mysql.Names.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Whether a DDL statement that was running when its deployer died took effect, judged by what the
 * catalog shows now. Sound because a DDL statement on InnoDB is atomic (MySQL 8, MariaDB 10.6+): it
 * took effect whole or not at all, so one of its effects tells. A statement whose effect the
 * catalog cannot show (MODIFY COLUMN, a routine's body) is left to a person.
 */
final class DdlJudge {
  private static final Set<String> OBJECTS =
      Set.of(
          "TABLE",
          "VIEW",
          "INDEX",
          "PROCEDURE",
          "FUNCTION",
          "TRIGGER",
          "EVENT",
          "DATABASE",
          "SCHEMA",
          "SEQUENCE");

  private final Connection connection;
  private final String database;

  DdlJudge(Connection connection, String database) {
    this.connection = connection;
    this.database = database;
  }

  Judgement judge(String statement) throws SQLException {
    List<Token> t = Names.of(statement);
    if (t.isEmpty()) return unknown(statement);
    String first = t.get(0).word();
    return switch (first) {
      case "CREATE" -> create(t, statement);
      case "DROP" -> drop(t, statement);
      case "ALTER" ->
          t.size() > 2 && t.get(1).is("TABLE") ? alterTable(t, statement) : unknown(statement);
      case "RENAME" ->
          t.size() > 2 && t.get(1).is("TABLE") ? rename(t, 2, statement) : unknown(statement);
      case "TRUNCATE" ->
          new Judgement.RunAgain("TRUNCATE leaves the table as it would have, so it runs again");
      case "GRANT", "REVOKE" ->
          new Judgement.RunAgain(first + " gives the same privileges when run again");
      case "ANALYZE", "OPTIMIZE", "FLUSH", "CHECK", "REPAIR", "CACHE", "RESET" ->
          new Judgement.RunAgain(first + " changes no schema, so it runs again");
      default -> unknown(statement);
    };
  }

  private Judgement create(List<Token> t, String statement) throws SQLException {
    if (t.size() > 2 && t.get(1).is("OR") && t.get(2).is("REPLACE"))
      return new Judgement.RunAgain("CREATE OR REPLACE leaves the same object when run again");
    int at = objectKeyword(t);
    if (at < 0) return unknown(statement);
    String kind = t.get(at).word();
    int nameAt = skipIfExists(t, at + 1, "NOT");
    Qualified name = qualified(t, nameAt);
    if (name == null) return unknown(statement);
    boolean exists =
        switch (kind) {
          case "INDEX" -> {
            int on = indexOf(t, "ON", name.next());
            Qualified table = on < 0 ? null : qualified(t, on + 1);
            if (table == null) yield false;
            yield indexExists(table, name.name());
          }
          default -> objectExists(kind, name);
        };
    if (exists) return new Judgement.Done(describe(kind, name) + " exists, so it completed");
    return new Judgement.RunAgain(describe(kind, name) + " does not exist, so it did not complete");
  }

  private Judgement drop(List<Token> t, String statement) throws SQLException {
    int at = 1;
    if (at < t.size() && t.get(at).is("TEMPORARY")) at++;
    if (at >= t.size() || !OBJECTS.contains(t.get(at).word())) return unknown(statement);
    String kind = t.get(at).word();
    Qualified name = qualified(t, skipIfExists(t, at + 1, null));
    if (name == null) return unknown(statement);
    boolean exists;
    if (kind.equals("INDEX")) {
      int on = indexOf(t, "ON", name.next());
      Qualified table = on < 0 ? null : qualified(t, on + 1);
      if (table == null) return unknown(statement);
      exists = indexExists(table, name.name());
    } else {
      exists = objectExists(kind, name);
    }
    return exists
        ? new Judgement.RunAgain(describe(kind, name) + " still exists, so it did not complete")
        : new Judgement.Done(describe(kind, name) + " no longer exists, so it completed");
  }

  private Judgement alterTable(List<Token> t, String statement) throws SQLException {
    int at = 2;
    if (t.get(at).is("ONLINE") || t.get(at).is("IGNORE")) at++;
    Qualified table = qualified(t, skipIfExists(t, at, null));
    if (table == null) return unknown(statement);
    int c = table.next();
    // Options before the first change (ALGORITHM=INPLACE, LOCK=NONE,) are skipped.
    while (c + 2 < t.size()
        && (t.get(c).is("ALGORITHM") || t.get(c).is("LOCK"))
        && t.get(c + 1).is("=")) {
      c += 3;
      if (c < t.size() && t.get(c).is(",")) c++;
    }
    if (c >= t.size()) return unknown(statement);
    String verb = t.get(c).word();
    String suffix = clauseCount(t, c) > 1 ? " (the statement's first change; DDL is atomic)" : "";
    switch (verb) {
      case "ADD" -> {
        int i = c + 1;
        if (i >= t.size()) return unknown(statement);
        String what = t.get(i).word();
        if (what.equals("CONSTRAINT")) {
          Token name = i + 1 < t.size() ? t.get(i + 1) : null;
          if (name == null || !name.isName() || isConstraintType(name.word()))
            return unknown(statement);
          return present(
              constraintExists(table, name.text()),
              "constraint " + name.text() + " on " + table,
              suffix);
        }
        if (what.equals("PRIMARY")) {
          return present(constraintExists(table, "PRIMARY"), "the primary key of " + table, suffix);
        }
        if (Set.of("INDEX", "KEY", "UNIQUE", "FULLTEXT", "SPATIAL").contains(what)) {
          int n = i + 1;
          while (n < t.size() && (t.get(n).is("INDEX") || t.get(n).is("KEY"))) n++;
          n = skipIfExists(t, n, "NOT");
          if (n >= t.size() || !t.get(n).isName() || t.get(n).is("(")) return unknown(statement);
          return present(
              indexExists(table, t.get(n).text()),
              "index " + t.get(n).text() + " on " + table,
              suffix);
        }
        if (what.equals("FOREIGN") || what.equals("CHECK") || what.equals("("))
          return unknown(statement);
        int n = what.equals("COLUMN") ? i + 1 : i;
        n = skipIfExists(t, n, "NOT");
        if (n >= t.size() || !t.get(n).isName()) return unknown(statement);
        return present(
            columnExists(table, t.get(n).text()),
            "column " + t.get(n).text() + " of " + table,
            suffix);
      }
      case "DROP" -> {
        int i = c + 1;
        if (i >= t.size()) return unknown(statement);
        String what = t.get(i).word();
        if (what.equals("PRIMARY"))
          return absent(constraintExists(table, "PRIMARY"), "the primary key of " + table, suffix);
        if (what.equals("INDEX") || what.equals("KEY")) {
          int n = skipIfExists(t, i + 1, null);
          if (n >= t.size()) return unknown(statement);
          return absent(
              indexExists(table, t.get(n).text()),
              "index " + t.get(n).text() + " on " + table,
              suffix);
        }
        if (what.equals("FOREIGN") || what.equals("CONSTRAINT") || what.equals("CHECK")) {
          int n = what.equals("FOREIGN") ? i + 2 : i + 1;
          n = skipIfExists(t, n, null);
          if (n >= t.size()) return unknown(statement);
          return absent(
              constraintExists(table, t.get(n).text()),
              "constraint " + t.get(n).text() + " on " + table,
              suffix);
        }
        int n = what.equals("COLUMN") ? i + 1 : i;
        n = skipIfExists(t, n, null);
        if (n >= t.size() || !t.get(n).isName()) return unknown(statement);
        return absent(
            columnExists(table, t.get(n).text()),
            "column " + t.get(n).text() + " of " + table,
            suffix);
      }
      case "RENAME" -> {
        int i = c + 1;
        if (i < t.size() && t.get(i).is("COLUMN") && i + 3 < t.size()) {
          String from = t.get(i + 1).text();
          String to = t.get(i + 3).text();
          return renamed(
              columnExists(table, from),
              columnExists(table, to),
              "column " + from + " of " + table,
              to,
              suffix,
              statement);
        }
        if (i < t.size() && (t.get(i).is("TO") || t.get(i).is("AS"))) i++;
        Qualified to = qualified(t, i);
        if (to == null) return unknown(statement);
        return renamed(
            objectExists("TABLE", table),
            objectExists("TABLE", to),
            "table " + table,
            to.toString(),
            suffix,
            statement);
      }
      case "CHANGE" -> {
        int i = c + 1;
        if (i < t.size() && t.get(i).is("COLUMN")) i++;
        if (i + 1 >= t.size()) return unknown(statement);
        String from = t.get(i).text();
        String to = t.get(i + 1).text();
        if (from.equalsIgnoreCase(to)) return unknown(statement);
        return renamed(
            columnExists(table, from),
            columnExists(table, to),
            "column " + from + " of " + table,
            to,
            suffix,
            statement);
      }
      default -> {
        return unknown(statement);
      }
    }
  }

  private Judgement rename(List<Token> t, int at, String statement) throws SQLException {
    Qualified from = qualified(t, at);
    if (from == null || from.next() >= t.size() || !t.get(from.next()).is("TO"))
      return unknown(statement);
    Qualified to = qualified(t, from.next() + 1);
    if (to == null) return unknown(statement);
    String suffix =
        indexOf(t, ",", to.next()) >= 0 ? " (the first of its renames; DDL is atomic)" : "";
    return renamed(
        objectExists("TABLE", from),
        objectExists("TABLE", to),
        "table " + from,
        to.toString(),
        suffix,
        statement);
  }

  private static Judgement renamed(
      boolean fromExists,
      boolean toExists,
      String what,
      String to,
      String suffix,
      String statement) {
    if (!fromExists && toExists)
      return new Judgement.Done(what + " is now " + to + suffix + ", so it completed");
    if (fromExists && !toExists)
      return new Judgement.RunAgain(
          what + " is not renamed yet" + suffix + ", so it did not complete");
    return unknown(statement);
  }

  private static Judgement present(boolean exists, String what, String suffix) {
    return exists
        ? new Judgement.Done(what + " exists" + suffix + ", so it completed")
        : new Judgement.RunAgain(what + " does not exist" + suffix + ", so it did not complete");
  }

  private static Judgement absent(boolean exists, String what, String suffix) {
    return exists
        ? new Judgement.RunAgain(what + " still exists" + suffix + ", so it did not complete")
        : new Judgement.Done(what + " no longer exists" + suffix + ", so it completed");
  }

  private static Judgement unknown(String statement) {
    String shown = statement.strip().replaceAll("\\s+", " ");
    if (shown.length() > 80) shown = shown.substring(0, 77) + "...";
    return new Judgement.Unknown("the catalog does not show whether `" + shown + "` took effect");
  }

  private static boolean isConstraintType(String word) {
    return Set.of("FOREIGN", "UNIQUE", "CHECK", "PRIMARY").contains(word);
  }

  /** The clauses of an ALTER TABLE: commas outside parentheses, plus one. */
  private static int clauseCount(List<Token> t, int from) {
    int depth = 0;
    int clauses = 1;
    for (int i = from; i < t.size(); i++) {
      String w = t.get(i).word();
      if (w.equals("(")) depth++;
      else if (w.equals(")")) depth--;
      else if (w.equals(",") && depth == 0) clauses++;
    }
    return clauses;
  }

  private static int objectKeyword(List<Token> t) {
    for (int i = 1; i < Math.min(t.size(), 16); i++) {
      if (OBJECTS.contains(t.get(i).word()) && !t.get(i).word().isEmpty()) return i;
    }
    return -1;
  }

  /** Skips {@code IF [NOT] EXISTS} at {@code at}. */
  private static int skipIfExists(List<Token> t, int at, String not) {
    int i = at;
    if (i < t.size() && t.get(i).is("IF")) {
      i++;
      if (not != null && i < t.size() && t.get(i).is(not)) i++;
      if (i < t.size() && t.get(i).is("EXISTS")) i++;
    }
    return i;
  }

  private static int indexOf(List<Token> t, String word, int from) {
    for (int i = from; i < t.size(); i++) if (t.get(i).is(word)) return i;
    return -1;
  }

  /** A name, {@code db.name} or {@code name}, starting at {@code at}. */
  private Qualified qualified(List<Token> t, int at) {
    if (at >= t.size() || !t.get(at).isName()) return null;
    if (at + 2 < t.size() && t.get(at + 1).is(".") && t.get(at + 2).isName())
      return new Qualified(t.get(at).text(), t.get(at + 2).text(), at + 3);
    return new Qualified(database, t.get(at).text(), at + 1);
  }

  private record Qualified(String schema, String name, int next) {
    @Override
    public String toString() {
      return schema + "." + name;
    }
  }

  private static String describe(String kind, Qualified name) {
    return kind.toLowerCase(java.util.Locale.ROOT) + " " + name;
  }

  private boolean objectExists(String kind, Qualified name) throws SQLException {
    String sql =
        switch (kind) {
          case "TABLE", "VIEW", "SEQUENCE" ->
              "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
          case "PROCEDURE", "FUNCTION" ->
              "SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = ?"
                  + " AND ROUTINE_TYPE = '"
                  + kind
                  + "'";
          case "TRIGGER" ->
              "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?";
          case "EVENT" ->
              "SELECT 1 FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? AND EVENT_NAME = ?";
          case "DATABASE", "SCHEMA" ->
              "SELECT 1 FROM information_schema.SCHEMATA WHERE ? IS NOT NULL AND SCHEMA_NAME = ?";
          default -> throw new IllegalArgumentException(kind);
        };
    String schema = kind.equals("DATABASE") || kind.equals("SCHEMA") ? "" : name.schema();
    return exists(sql, schema, name.name());
  }

  private boolean indexExists(Qualified table, String index) throws SQLException {
    return exists(
        "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
            + " AND INDEX_NAME = ?",
        table.schema(),
        table.name(),
        index);
  }

  private boolean columnExists(Qualified table, String column) throws SQLException {
    return exists(
        "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
            + " AND COLUMN_NAME = ?",
        table.schema(),
        table.name(),
        column);
  }

  private boolean constraintExists(Qualified table, String constraint) throws SQLException {
    return exists(
        "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?"
            + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
        table.schema(),
        table.name(),
        constraint);
  }

  private boolean exists(String sql, String... values) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) st.setString(i + 1, values[i]);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }
}

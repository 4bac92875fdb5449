package dev.strata.postgres.catalog;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaChange.Action;
import dev.strata.core.schema.SchemaChange.Phase;
import dev.strata.postgres.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The column-by-column changes that turn one version of a plain table into another, split in two:
 * what must go before the objects the old table needed are dropped (columns, checks, defaults), and
 * what comes when the new table's dependencies exist (new columns, new types, defaults, NOT NULL,
 * checks). Column order is not compared: ADD COLUMN can only append, and no query should depend on
 * it.
 */
final class TableDiff {
  /** Column types a value of the first converts to without loss (and without a table rewrite). */
  private static final Map<String, Set<String>> WIDENINGS =
      Map.of(
          "smallint", Set.of("integer", "bigint", "numeric"),
          "integer", Set.of("bigint", "numeric"),
          "bigint", Set.of("numeric"),
          "real", Set.of("double precision"),
          "character varying", Set.of("text"),
          "character", Set.of("text", "character varying"));

  private final String table;
  private final List<SchemaChange> before = new ArrayList<>();
  private final List<SchemaChange> after = new ArrayList<>();
  private boolean typeChanged;

  private TableDiff(String table) {
    this.table = table;
  }

  /**
   * Why the table cannot be altered in place (it must be recreated), or null when it can: only
   * plain tables are altered, and only their columns, checks and logging.
   */
  static String recreateReason(TableShape from, TableShape to) {
    if (!from.isPlain() || !to.isPlain())
      return "partitioned, partition or inheritance tables are recreated, not altered";
    Table a = from.table();
    Table b = to.table();
    if (!Objects.equals(a.options(), b.options())) return "its storage options changed";
    if (!Objects.equals(a.accessMethod(), b.accessMethod())) return "its access method changed";
    return null;
  }

  static TableDiff between(TableShape from, TableShape to) {
    TableDiff diff = new TableDiff(to.table().ident());
    diff.compare(from, to);
    return diff;
  }

  /** Changes to make while the old table's dependencies still exist, before they are dropped. */
  List<SchemaChange> before() {
    return before;
  }

  /** Changes to make once the new table's dependencies exist. */
  List<SchemaChange> after() {
    return after;
  }

  /** Whether a column changes type: views and policies reading the table must be recreated. */
  boolean typeChanged() {
    return typeChanged;
  }

  boolean isEmpty() {
    return before.isEmpty() && after.isEmpty();
  }

  private void compare(TableShape from, TableShape to) {
    Map<String, Column> old = byName(from.columns());
    Map<String, Column> now = byName(to.columns());
    // Checks go first: dropping a column drops the checks on it.
    dropChecks(from, to);
    for (Column c : from.columns()) {
      if (!now.containsKey(c.name())) {
        String renamed = renameHint(c, from, to, old);
        before.add(
            change(
                Action.DROP,
                "COLUMN " + table + "." + c.ident(),
                List.of(alter("DROP COLUMN " + c.ident())),
                true,
                "drops the column and its data" + renamed));
      }
    }
    for (Column c : to.columns()) {
      Column was = old.get(c.name());
      if (was == null) {
        Sequence identity = to.identities().get(c.id());
        String definition = TableReader.definition(c, identity, c.defaultOid() != null);
        String note =
            c.notNull() && c.defaultOid() == null && c.identity() == 0 && c.generated() == 0
                ? "NOT NULL without a default fails on a table that has rows"
                : null;
        after.add(
            change(
                Action.CREATE,
                "COLUMN " + table + "." + c.ident(),
                List.of(alter("ADD COLUMN " + flat(definition))),
                false,
                note));
      } else {
        compareColumn(was, c, from, to);
      }
    }
    addChecks(from, to);
    if (from.table().unlogged() != to.table().unlogged()) {
      after.add(
          change(
              Action.ALTER,
              "TABLE " + table,
              List.of(alter(to.table().unlogged() ? "SET UNLOGGED" : "SET LOGGED")),
              false,
              "rewrites the table"));
    }
  }

  private void compareColumn(Column was, Column c, TableShape from, TableShape to) {
    String column = "COLUMN " + table + "." + c.ident();
    String col = "ALTER COLUMN " + c.ident();
    if (was.generated() != c.generated()
        || (c.generated() != 0 && !flat(was.defaultExpr()).equals(flat(c.defaultExpr())))) {
      // A generation expression cannot be altered (before PostgreSQL 17): drop and add again.
      before.add(
          change(Action.DROP, column, List.of(alter("DROP COLUMN " + c.ident())), true, null));
      after.add(
          change(
              Action.CREATE,
              column,
              List.of(
                  alter(
                      "ADD COLUMN "
                          + flat(
                              TableReader.definition(
                                  c, to.identities().get(c.id()), c.defaultOid() != null)))),
              c.generated() == 0,
              c.generated() == 0
                  ? "the generated values are replaced by NULL or the default"
                  : null));
      return;
    }
    String oldDefault = plainDefault(was);
    String newDefault = plainDefault(c);
    boolean typeChange =
        !was.type().equals(c.type()) || !Objects.equals(was.collation(), c.collation());
    if (oldDefault != null && (newDefault == null || !oldDefault.equals(newDefault) || typeChange))
      before.add(change(Action.ALTER, column, List.of(alter(col + " DROP DEFAULT")), false, null));
    if (was.identity() != 0 && c.identity() == 0)
      before.add(change(Action.ALTER, column, List.of(alter(col + " DROP IDENTITY")), false, null));
    if (was.notNull() && !c.notNull())
      before.add(change(Action.ALTER, column, List.of(alter(col + " DROP NOT NULL")), false, null));

    if (typeChange) {
      typeChanged = true;
      String type = c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation());
      boolean widening = isWidening(was.type(), c.type());
      after.add(
          change(
              Action.ALTER,
              column,
              List.of(alter(col + " TYPE " + type + " USING " + c.ident() + "::" + c.type())),
              !widening,
              widening
                  ? "a widening change: no value is lost (the table may still be rewritten)"
                  : "changes the type from "
                      + was.type()
                      + " to "
                      + c.type()
                      + ": values may be cut or fail to convert, and the table is rewritten"
                      + " under an ACCESS EXCLUSIVE lock"));
    }
    if (newDefault != null && (oldDefault == null || !oldDefault.equals(newDefault) || typeChange))
      after.add(
          change(
              Action.ALTER,
              column,
              List.of(alter(col + " SET DEFAULT " + newDefault)),
              false,
              null));
    Sequence oldIdentity = from.identities().get(was.id());
    Sequence newIdentity = to.identities().get(c.id());
    if (c.identity() != 0 && newIdentity != null) {
      if (was.identity() == 0) {
        after.add(
            change(
                Action.ALTER,
                column,
                List.of(alter(col + " ADD" + TableReader.identityClause(c, newIdentity))),
                false,
                null));
      } else {
        List<String> set = new ArrayList<>();
        if (was.identity() != c.identity())
          set.add(c.identity() == 'a' ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT");
        if (oldIdentity != null && !oldIdentity.options().equals(newIdentity.options()))
          set.add(identityOptions(newIdentity));
        if (!set.isEmpty())
          after.add(
              change(
                  Action.ALTER,
                  column,
                  List.of(alter(col + " " + String.join(" ", set))),
                  false,
                  null));
      }
    }
    if (!was.notNull() && c.notNull()) {
      // SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock, unless a validated CHECK
      // already proves it; VALIDATE CONSTRAINT scans under a lock that lets writes go on.
      String check = Sql.identifier(truncate(to.table().name() + "_" + c.name() + "_not_null"));
      after.add(
          change(
              Action.ALTER,
              column,
              List.of(
                  alter(
                      "ADD CONSTRAINT "
                          + check
                          + " CHECK ("
                          + c.ident()
                          + " IS NOT NULL) NOT VALID"),
                  alter("VALIDATE CONSTRAINT " + check),
                  alter(col + " SET NOT NULL"),
                  alter("DROP CONSTRAINT " + check)),
              false,
              "SET NOT NULL through a validated CHECK: the scan does not block writes"));
    }
  }

  private void dropChecks(TableShape from, TableShape to) {
    Map<String, TableConstraint> now = new LinkedHashMap<>();
    for (TableConstraint c : to.checks()) now.put(c.name(), c);
    for (TableConstraint c : from.checks()) {
      TableConstraint next = now.get(c.name());
      if (next == null || !flat(next.def()).equals(flat(c.def()))) {
        before.add(
            change(
                Action.DROP,
                "CONSTRAINT " + c.ident() + " ON " + table,
                List.of(alter("DROP CONSTRAINT " + c.ident())),
                false,
                null));
      }
    }
  }

  private void addChecks(TableShape from, TableShape to) {
    Map<String, TableConstraint> old = new LinkedHashMap<>();
    for (TableConstraint c : from.checks()) old.put(c.name(), c);
    for (TableConstraint c : to.checks()) {
      TableConstraint was = old.get(c.name());
      if (was != null && flat(was.def()).equals(flat(c.def()))) continue;
      after.add(
          change(
              Action.CREATE,
              "CONSTRAINT " + c.ident() + " ON " + table,
              List.of(
                  alter("ADD " + flat(c.declaration()) + " NOT VALID"),
                  alter("VALIDATE CONSTRAINT " + c.ident())),
              false,
              "added NOT VALID, then validated: the scan does not block writes"));
    }
  }

  /** A dropped column with a new one of the same type beside it may be a rename. */
  private static String renameHint(
      Column dropped, TableShape from, TableShape to, Map<String, Column> old) {
    for (Column c : to.columns()) {
      if (!old.containsKey(c.name()) && c.type().equals(dropped.type())) {
        return "; if "
            + dropped.ident()
            + " was renamed to "
            + c.ident()
            + ", write ALTER TABLE "
            + to.table().ident()
            + " RENAME COLUMN "
            + dropped.ident()
            + " TO "
            + c.ident()
            + " instead (renames are never guessed)";
      }
    }
    return "";
  }

  static boolean isWidening(String from, String to) {
    String a = baseType(from);
    String b = baseType(to);
    if (WIDENINGS.getOrDefault(a, Set.of()).contains(b)) {
      return !b.equals("numeric") || !to.contains("(");
    }
    if (a.equals(b)) {
      int[] x = modifiers(from);
      int[] y = modifiers(to);
      if (y.length == 0) return true; // varchar(n) -> varchar, numeric(p,s) -> numeric
      if (x.length == 0) return false;
      if (a.equals("numeric"))
        return y[0] - y[y.length - 1] >= x[0] - x[x.length - 1]
            && y[y.length - 1] >= x[x.length - 1];
      return y[0] >= x[0];
    }
    return false;
  }

  private static String baseType(String type) {
    int paren = type.indexOf('(');
    return (paren < 0 ? type : type.substring(0, paren)).strip();
  }

  private static int[] modifiers(String type) {
    int open = type.indexOf('(');
    int close = type.indexOf(')');
    if (open < 0 || close < open || type.endsWith("[]")) return new int[0];
    String[] parts = type.substring(open + 1, close).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].strip());
    return out;
  }

  private static String identityOptions(Sequence s) {
    return "SET INCREMENT BY "
        + s.increment()
        + " SET MINVALUE "
        + s.min()
        + " SET MAXVALUE "
        + s.max()
        + " SET START WITH "
        + s.start()
        + " SET CACHE "
        + s.cache()
        + (s.cycle() ? " SET CYCLE" : " SET NO CYCLE");
  }

  private static String plainDefault(Column c) {
    return c.defaultOid() == null || c.generated() != 0 || c.identity() != 0
        ? null
        : flat(c.defaultExpr());
  }

  private static Map<String, Column> byName(List<Column> columns) {
    Map<String, Column> map = new LinkedHashMap<>();
    for (Column c : columns) map.put(c.name(), c);
    return map;
  }

  private String alter(String action) {
    return "ALTER TABLE " + table + " " + action;
  }

  private static SchemaChange change(
      Action action, String object, List<String> sql, boolean destructive, String reason) {
    return new SchemaChange(action, object, sql, destructive, reason, Phase.MAIN);
  }

  private static String flat(String sql) {
    return sql == null ? null : NestedBooleans.flatten(sql);
  }

  /** PostgreSQL keeps 63 bytes of a name. */
  private static String truncate(String name) {
    return name.length() > 63 ? name.substring(0, 63) : name;
  }
}

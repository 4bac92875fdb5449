package dev.strata.mysql.catalog;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaChange.Action;
import dev.strata.core.schema.SchemaChange.Phase;
import dev.strata.core.schema.SchemaComparison;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes that turn one MySQL schema into another, in an order that runs: what goes away first
 * (triggers, views, routines, events, foreign keys), then tables created, altered and dropped, then
 * foreign keys, then routines, views, triggers and events created. MySQL commits each DDL statement
 * on its own, so every change is in the main phase.
 */
public final class SchemaDiff {
  private final MysqlSchema from;
  private final MysqlSchema to;
  private final List<SchemaChange> changes = new ArrayList<>();

  private SchemaDiff(MysqlSchema from, MysqlSchema to) {
    this.from = from;
    this.to = to;
  }

  public static SchemaComparison compare(MysqlSchema from, MysqlSchema to) {
    SchemaDiff diff = new SchemaDiff(from, to);
    diff.run();
    return new SchemaComparison(diff.changes);
  }

  private void run() {
    dropChanged("TRIGGER", from.triggers(), to.triggers());
    dropChanged("VIEW", from.views(), to.views());
    dropChangedRoutines();
    dropChanged("EVENT", from.events(), to.events());
    Map<String, Set<String>> rebuilt = rebuilt();
    for (TableShape t : from.tables().values()) {
      TableShape target = to.tables().get(t.name());
      if (target == null) continue;
      List<String> drops = new ArrayList<>();
      for (var fk : t.foreignKeys().entrySet()) {
        if (!fk.getValue().equals(target.foreignKeys().get(fk.getKey()))
            || touches(t.name(), fk.getValue(), rebuilt))
          drops.add("DROP FOREIGN KEY " + Identifiers.quote(fk.getKey()));
      }
      if (!drops.isEmpty())
        change(Action.ALTER, table(t.name()), List.of(alter(t.name(), drops)), null);
    }
    for (TableShape t : to.tables().values()) {
      if (!from.tables().containsKey(t.name()))
        change(Action.CREATE, table(t.name()), List.of(t.createWithoutForeignKeys()), null);
    }
    for (TableShape t : from.tables().values()) {
      TableShape target = to.tables().get(t.name());
      if (target != null) new TableAlteration(t, target).addTo(changes);
    }
    for (String name : dropOrder()) {
      changes.add(
          new SchemaChange(
              Action.DROP,
              table(name),
              List.of("DROP TABLE " + Identifiers.quote(name)),
              true,
              "drops the table and every row in it",
              Phase.MAIN));
    }
    for (TableShape t : to.tables().values()) {
      TableShape before = from.tables().get(t.name());
      List<String> added = new ArrayList<>();
      for (var fk : t.foreignKeys().entrySet()) {
        if (before == null
            || !fk.getValue().equals(before.foreignKeys().get(fk.getKey()))
            || touches(t.name(), fk.getValue(), rebuilt)) added.add(fk.getValue());
      }
      if (!added.isEmpty())
        change(Action.ALTER, table(t.name()), List.of(addForeignKeys(t.name(), added)), null);
    }
    createChanged("PROCEDURE/FUNCTION", from.routines(), to.routines());
    createChanged("VIEW", from.views(), to.views());
    createChanged("TRIGGER", from.triggers(), to.triggers());
    createChanged("EVENT", from.events(), to.events());
  }

  /**
   * What a kept table loses in place: its columns whose definition changes and the columns of its
   * indexes that are dropped or changed. The server refuses to change a column a foreign key uses
   * (on either side of it) or to drop the index one needs: such foreign keys are dropped before the
   * change and added again after it.
   */
  private Map<String, Set<String>> rebuilt() {
    Map<String, Set<String>> out = new java.util.HashMap<>();
    for (TableShape t : from.tables().values()) {
      TableShape target = to.tables().get(t.name());
      if (target == null) continue;
      Set<String> columns = new LinkedHashSet<>();
      for (var c : t.columns().entrySet()) {
        String after = target.columns().get(c.getKey());
        if (after != null && !after.equals(c.getValue())) columns.add(c.getKey());
      }
      for (var k : t.keys().entrySet()) {
        if (!k.getValue().equals(target.keys().get(k.getKey())))
          for (String c : t.columns().keySet())
            if (k.getValue().contains(Identifiers.quote(c))) columns.add(c);
      }
      if (!columns.isEmpty()) out.put(t.name(), columns);
    }
    return out;
  }

  /** Whether a foreign key of {@code table} uses a column that {@link #rebuilt} names. */
  private static boolean touches(
      String table, String foreignKey, Map<String, Set<String>> rebuilt) {
    int references = foreignKey.indexOf(" REFERENCES ");
    String own = foreignKey.substring(0, references);
    String rest = foreignKey.substring(references + " REFERENCES ".length());
    String parent = Identifiers.first(rest);
    String parentColumns = rest.substring(Identifiers.skipFirst(rest));
    int close = parentColumns.indexOf(')');
    if (close > 0) parentColumns = parentColumns.substring(0, close);
    for (String c : rebuilt.getOrDefault(table, Set.of()))
      if (own.contains(Identifiers.quote(c))) return true;
    for (String c : rebuilt.getOrDefault(parent, Set.of()))
      if (parentColumns.contains(Identifiers.quote(c))) return true;
    return false;
  }

  /** {@code ALTER TABLE t ADD CONSTRAINT ..., ADD CONSTRAINT ...}. */
  static String addForeignKeys(String table, Collection<String> lines) {
    return alter(table, lines.stream().map(l -> "ADD " + l).toList());
  }

  static String alter(String table, List<String> clauses) {
    return "ALTER TABLE " + Identifiers.quote(table) + "\n  " + String.join(",\n  ", clauses);
  }

  private static String table(String name) {
    return "TABLE " + Identifiers.quote(name);
  }

  private void change(Action action, String object, List<String> statements, String reason) {
    changes.add(new SchemaChange(action, object, statements, false, reason, Phase.MAIN));
  }

  /** Drops what is gone or changed (a changed view, trigger or event is created again later). */
  private void dropChanged(String kind, Map<String, String> before, Map<String, String> after) {
    for (var e : before.entrySet()) {
      if (e.getValue().equals(after.get(e.getKey()))) continue;
      // A view that only changed is replaced in place later, keeping its grants.
      if (kind.equals("VIEW") && after.containsKey(e.getKey())) continue;
      change(
          after.containsKey(e.getKey()) ? Action.RECREATE : Action.DROP,
          kind + " " + Identifiers.quote(e.getKey()),
          List.of("DROP " + kind + " " + Identifiers.quote(e.getKey())),
          null);
    }
  }

  private void dropChangedRoutines() {
    for (var e : from.routines().entrySet()) {
      if (e.getValue().equals(to.routines().get(e.getKey()))) continue;
      String[] kindAndName = e.getKey().split(" ", 2);
      change(
          to.routines().containsKey(e.getKey()) ? Action.RECREATE : Action.DROP,
          kindAndName[0] + " " + Identifiers.quote(kindAndName[1]),
          List.of("DROP " + kindAndName[0] + " " + Identifiers.quote(kindAndName[1])),
          null);
    }
  }

  private void createChanged(String kind, Map<String, String> before, Map<String, String> after) {
    for (var e : after.entrySet()) {
      String old = before.get(e.getKey());
      if (e.getValue().equals(old)) continue;
      String object =
          kind.contains("/")
              ? e.getKey().split(" ", 2)[0] + " " + Identifiers.quote(e.getKey().split(" ", 2)[1])
              : kind + " " + Identifiers.quote(e.getKey());
      String create = e.getValue();
      if (kind.equals("VIEW") && old != null) {
        change(Action.REPLACE, object, List.of("CREATE OR REPLACE " + create.substring(7)), null);
      } else {
        change(old == null ? Action.CREATE : Action.RECREATE, object, List.of(create), null);
      }
    }
  }

  /**
   * The tables to drop, each before the tables it refers to (a table another one still refers to
   * cannot be dropped while foreign key checks are on).
   */
  private List<String> dropOrder() {
    Set<String> left = new LinkedHashSet<>();
    for (String name : from.tables().keySet()) if (!to.tables().containsKey(name)) left.add(name);
    List<String> order = new ArrayList<>();
    while (!left.isEmpty()) {
      String next = null;
      for (String candidate : left) {
        boolean referenced =
            left.stream()
                .filter(other -> !other.equals(candidate))
                .anyMatch(other -> refersTo(from.tables().get(other), candidate));
        if (!referenced) {
          next = candidate;
          break;
        }
      }
      // A cycle: its foreign keys are dropped with the tables in any order that MySQL accepts
      // with checks off; none is left to choose, so take the first.
      if (next == null) next = left.iterator().next();
      left.remove(next);
      order.add(next);
    }
    return order;
  }

  private static boolean refersTo(TableShape table, String other) {
    String reference = "REFERENCES " + Identifiers.quote(other) + " ";
    return table.foreignKeys().values().stream().anyMatch(l -> l.contains(reference));
  }
}

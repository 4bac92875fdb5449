package dev.strata.mysql.catalog;

import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaChange.Action;
import dev.strata.core.schema.SchemaChange.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * The ALTER TABLE that turns one table into another, its foreign keys aside (they are dropped
 * before and added after every table change): indexes and checks dropped, columns dropped, added
 * and modified in the target's order, indexes and checks added, options. One statement, so the
 * server copies or rebuilds the table at most once.
 */
final class TableAlteration {
  private final TableShape from;
  private final TableShape to;
  private final List<String> clauses = new ArrayList<>();
  private final List<String> dataLoss = new ArrayList<>();

  TableAlteration(TableShape from, TableShape to) {
    this.from = from;
    this.to = to;
  }

  /** Adds the change (or a recreation, when the table cannot be altered into the other). */
  void addTo(List<SchemaChange> changes) {
    String object = "TABLE " + Identifiers.quote(to.name());
    if (!from.others().equals(to.others()) || !from.partitioning().equals(to.partitioning())) {
      changes.add(
          new SchemaChange(
              Action.RECREATE,
              object,
              List.of("DROP TABLE " + Identifiers.quote(to.name()), to.createWithoutForeignKeys()),
              true,
              "Strata alters columns, indexes, checks and options in place, not partitioning or "
                  + String.join(", ", differing(from.others(), to.others()))
                  + ": the table is created again, empty",
              Phase.MAIN));
      return;
    }
    boolean charsetChanged = !from.charset().equals(to.charset()) && !to.charset().isEmpty();
    List<String> statements = new ArrayList<>();
    if (charsetChanged) {
      // Converting changes every text column to the new charset, as a table created with it has.
      statements.add(
          "ALTER TABLE "
              + Identifiers.quote(to.name())
              + " CONVERT TO "
              + to.charset()
                  .replace("DEFAULT CHARSET=", "CHARACTER SET ")
                  .replace("COLLATE=", "COLLATE "));
      dataLoss.add("converts its text to " + to.charset() + " (characters it lacks become '?')");
    }
    dropParts();
    columns(charsetChanged);
    addParts();
    if (!from.optionsClause().equals(to.optionsClause())) {
      String options = to.optionsClause();
      if (from.optionsClause().contains("COMMENT=") && !options.contains("COMMENT="))
        options = options + " COMMENT=''";
      clauses.add(options);
    }
    if (!clauses.isEmpty()) statements.add(SchemaDiff.alter(to.name(), clauses));
    if (statements.isEmpty()) return;
    changes.add(
        new SchemaChange(
            Action.ALTER,
            object,
            statements,
            !dataLoss.isEmpty(),
            dataLoss.isEmpty() ? null : String.join("; ", dataLoss),
            Phase.MAIN));
  }

  private void dropParts() {
    for (var key : from.keys().entrySet()) {
      if (key.getValue().equals(to.keys().get(key.getKey()))) continue;
      clauses.add(
          key.getKey().equals("PRIMARY")
              ? "DROP PRIMARY KEY"
              : "DROP INDEX " + Identifiers.quote(key.getKey()));
    }
    for (var check : from.checks().entrySet()) {
      if (!check.getValue().equals(to.checks().get(check.getKey())))
        clauses.add("DROP CONSTRAINT " + Identifiers.quote(check.getKey()));
    }
    for (String column : from.columns().keySet()) {
      if (!to.columns().containsKey(column)) {
        clauses.add("DROP COLUMN " + Identifiers.quote(column));
        dataLoss.add("drops column " + Identifiers.quote(column) + " and its values");
      }
    }
  }

  /**
   * Adds and modifies columns in the target's order, placing each after its predecessor there where
   * it is not already: the server applies the clauses one after another.
   */
  private void columns(boolean charsetChanged) {
    List<String> order = new ArrayList<>();
    for (String column : from.columns().keySet())
      if (to.columns().containsKey(column)) order.add(column);
    String previous = null;
    for (var column : to.columns().entrySet()) {
      String name = column.getKey();
      String line = column.getValue();
      String before = from.columns().get(name);
      String place = previous == null ? " FIRST" : " AFTER " + Identifiers.quote(previous);
      int want = previous == null ? 0 : order.indexOf(previous) + 1;
      if (before == null) {
        clauses.add("ADD COLUMN " + line + place);
        order.add(want, name);
      } else {
        boolean moved = order.indexOf(name) != want;
        // CONVERT TO may also widen a type (text to mediumtext): every column is stated again.
        boolean restated = charsetChanged;
        if (!line.equals(before) || moved || restated) {
          clauses.add("MODIFY COLUMN " + line + (moved ? place : ""));
          if (moved) {
            order.remove(name);
            order.add(previous == null ? 0 : order.indexOf(previous) + 1, name);
          }
          String oldType = TableShape.type(before);
          String newType = TableShape.type(line);
          if (!oldType.equals(newType))
            dataLoss.add(
                "changes column "
                    + Identifiers.quote(name)
                    + " from "
                    + oldType
                    + " to "
                    + newType
                    + " (values that do not fit are cut or refused)");
        }
      }
      previous = name;
    }
  }

  private void addParts() {
    for (var key : to.keys().entrySet()) {
      if (!key.getValue().equals(from.keys().get(key.getKey())))
        clauses.add("ADD " + key.getValue());
    }
    for (var check : to.checks().entrySet()) {
      if (!check.getValue().equals(from.checks().get(check.getKey())))
        clauses.add("ADD " + check.getValue());
    }
  }

  private static List<String> differing(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    for (String x : a) if (!b.contains(x)) out.add(x);
    for (String x : b) if (!a.contains(x)) out.add(x);
    return out.isEmpty() ? List.of("its partitioning") : out;
  }
}

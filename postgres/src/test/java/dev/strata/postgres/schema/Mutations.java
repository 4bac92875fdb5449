package dev.strata.postgres.schema;

import dev.strata.postgres.schema.RandomModel.Column;
import dev.strata.postgres.schema.RandomModel.EnumType;
import dev.strata.postgres.schema.RandomModel.Family;
import dev.strata.postgres.schema.RandomModel.ForeignKey;
import dev.strata.postgres.schema.RandomModel.Selected;
import dev.strata.postgres.schema.RandomModel.Sequence;
import dev.strata.postgres.schema.RandomModel.Table;
import dev.strata.postgres.schema.RandomModel.Type;
import dev.strata.postgres.schema.RandomModel.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The changes {@link RandomSchemas} makes to a schema, each keeping it valid: dropping an object
 * also drops what depends on it, as {@code DROP ... CASCADE} would. A mutation that finds nothing
 * to act on changes nothing and returns false.
 */
final class Mutations {
  private final RandomSchemas schemas;
  private final RandomModel model;
  private final Random random;
  private final List<BooleanSupplier> all =
      List.of(
          this::addTable,
          this::dropTable,
          this::addColumn,
          this::dropColumn,
          this::changeType,
          this::changeDefault,
          this::changeNotNull,
          this::addCheck,
          this::dropCheck,
          this::addIndex,
          this::dropIndex,
          this::addUnique,
          this::dropUnique,
          this::addForeignKey,
          this::dropForeignKey,
          this::changeView,
          this::addEnumValue,
          this::changeComment,
          this::addSequence,
          this::dropSequence);

  Mutations(RandomSchemas schemas, RandomModel model, Random random) {
    this.schemas = schemas;
    this.model = model;
    this.random = random;
  }

  boolean applyOne() {
    return all.get(random.nextInt(all.size())).getAsBoolean();
  }

  private boolean addTable() {
    schemas.addTable();
    return true;
  }

  private boolean dropTable() {
    if (model.tables.size() < 2) return false;
    Table t = schemas.pick(model.tables);
    model.tables.remove(t);
    for (Table other : model.tables) other.foreignKeys.removeIf(fk -> fk.target().equals(t.name));
    model.views.removeIf(v -> v.base.equals(t.name) || t.name.equals(v.joined));
    return true;
  }

  private boolean addColumn() {
    schemas.addColumn(schemas.pick(model.tables));
    return true;
  }

  private boolean dropColumn() {
    Table t = schemas.pick(model.tables);
    if (t.columns.size() < 2) return false;
    String c = schemas.pick(t.columns).name;
    t.columns.remove(t.column(c));
    t.indexes.removeIf(
        i ->
            c.equals(i.whereColumn()) || i.elements().stream().anyMatch(e -> e.column().equals(c)));
    t.uniques.removeIf(u -> u.columns().contains(c));
    t.checks.removeIf(k -> k.column().equals(c));
    t.foreignKeys.removeIf(fk -> fk.columns().contains(c));
    if (t.inPrimaryKey(c)) {
      t.primaryKey = null;
      for (Table other : model.tables) other.foreignKeys.removeIf(fk -> fk.target().equals(t.name));
    }
    for (View v : List.copyOf(model.views)) {
      boolean inBase = v.base.equals(t.name);
      boolean inJoined = t.name.equals(v.joined);
      if ((inBase && v.baseOn != null && v.baseOn.contains(c))
          || (inJoined && v.joinedOn.contains(c))) {
        model.views.remove(v);
        continue;
      }
      v.selected.removeIf(s -> s.column().equals(c) && (s.joined() ? inJoined : inBase));
      if (v.selected.isEmpty()) model.views.remove(v);
    }
    return true;
  }

  /**
   * Widens or narrows a type within its family, so defaults, checks and indexes stay valid. Columns
   * in a foreign key or a view's join keep their type: both sides must match.
   */
  private boolean changeType() {
    Table t = schemas.pick(model.tables);
    Column c = schemas.pick(t.columns);
    if (linked(t, c.name)) return false;
    String sql = c.type.sql();
    Type type =
        switch (c.type.family()) {
          case INTEGER ->
              new Type(
                  schemas.pick(
                      List.of("integer", "bigint", "smallint").stream()
                          .filter(s -> !s.equals(sql))
                          .toList()),
                  Family.INTEGER);
          case TEXT ->
              sql.equals("text")
                  ? RandomSchemas.varchar(schemas.pick(List.of(50, 100)))
                  : schemas.chance(50)
                      ? new Type("text", Family.TEXT)
                      : RandomSchemas.varchar(schemas.pick(List.of(20, 50, 100, 255)));
          case NUMERIC ->
              RandomSchemas.numeric(
                  schemas.pick(List.of(8, 10, 12, 16)), schemas.pick(List.of(0, 2, 4)));
          case TIME -> new Type(sql.equals("timestamp") ? "timestamptz" : "timestamp", Family.TIME);
          default -> c.type;
        };
    if (type.equals(c.type)) return false;
    c.type = type;
    return true;
  }

  private boolean linked(Table t, String column) {
    if (t.foreignKeys.stream().anyMatch(fk -> fk.columns().contains(column))) return true;
    for (Table other : model.tables)
      for (ForeignKey fk : other.foreignKeys)
        if (fk.target().equals(t.name) && fk.targetColumns().contains(column)) return true;
    for (View v : model.views)
      if ((v.base.equals(t.name) && v.baseOn != null && v.baseOn.contains(column))
          || (t.name.equals(v.joined) && v.joinedOn.contains(column))) return true;
    return false;
  }

  /** Sets, changes or drops a default; identity columns have none. */
  private boolean changeDefault() {
    Table t = schemas.pick(model.tables);
    Column c = schemas.pick(t.columns);
    if (c.identity) return false;
    if (c.defaultSql != null && schemas.chance(40)) {
      c.defaultSql = null;
      return true;
    }
    String value = schemas.randomDefault(c.type);
    if (value.equals(c.defaultSql)) return false;
    c.defaultSql = value;
    return true;
  }

  /** Primary key and identity columns are NOT NULL by definition. */
  private boolean changeNotNull() {
    Table t = schemas.pick(model.tables);
    Column c = schemas.pick(t.columns);
    if (c.identity || t.inPrimaryKey(c.name)) return false;
    c.notNull = !c.notNull;
    return true;
  }

  private boolean addCheck() {
    return schemas.addCheck(schemas.pick(model.tables));
  }

  private boolean dropCheck() {
    return dropOne(schemas.pick(model.tables).checks);
  }

  private boolean addIndex() {
    return schemas.addIndex(schemas.pick(model.tables));
  }

  private boolean dropIndex() {
    return dropOne(schemas.pick(model.tables).indexes);
  }

  private boolean addUnique() {
    return schemas.addUnique(schemas.pick(model.tables));
  }

  private boolean dropUnique() {
    return dropOne(schemas.pick(model.tables).uniques);
  }

  private boolean addForeignKey() {
    return schemas.addForeignKey(schemas.pick(model.tables), schemas.pick(model.tables));
  }

  private boolean dropForeignKey() {
    return dropOne(schemas.pick(model.tables).foreignKeys);
  }

  /** Adds a view, drops one, or adds or removes one of its columns. */
  private boolean changeView() {
    if (model.views.isEmpty() || schemas.chance(20)) return schemas.addView();
    View v = schemas.pick(model.views);
    if (schemas.chance(15)) return model.views.remove(v);
    if (v.selected.size() > 1 && schemas.chance(50)) {
      v.selected.remove(random.nextInt(v.selected.size()));
      return true;
    }
    List<Selected> candidates = new ArrayList<>();
    for (Column c : model.table(v.base).columns) candidates.add(new Selected(false, c.name));
    if (v.joined != null)
      for (Column c : model.table(v.joined).columns) candidates.add(new Selected(true, c.name));
    candidates.removeAll(v.selected);
    if (candidates.isEmpty()) return false;
    // Appended: CREATE OR REPLACE VIEW can only add columns at the end, a diff may use that.
    v.selected.add(schemas.pick(candidates));
    return true;
  }

  /** ALTER TYPE ... ADD VALUE: at the end, or BEFORE an existing value. */
  private boolean addEnumValue() {
    if (model.enums.isEmpty()) return false;
    EnumType e = schemas.pick(model.enums);
    int at = schemas.chance(50) ? e.labels().size() : random.nextInt(e.labels().size());
    e.labels().add(at, schemas.newLabel(e));
    return true;
  }

  /** Adds, changes or removes the comment of a table or of one of its columns. */
  private boolean changeComment() {
    Table t = schemas.pick(model.tables);
    Column c = schemas.chance(50) ? schemas.pick(t.columns) : null;
    String old = c == null ? t.comment : c.comment;
    String comment = old != null && schemas.chance(40) ? null : schemas.pickComment();
    if (comment != null && comment.equals(old)) return false;
    if (c == null) t.comment = comment;
    else c.comment = comment;
    return true;
  }

  private boolean addSequence() {
    schemas.addSequence();
    return true;
  }

  /** A sequence a default uses goes with that default, as DROP SEQUENCE ... CASCADE does. */
  private boolean dropSequence() {
    if (model.sequences.isEmpty()) return false;
    Sequence s = schemas.pick(model.sequences);
    model.sequences.remove(s);
    String nextval = RandomModel.nextval(s);
    for (Table t : model.tables)
      for (Column c : t.columns) if (nextval.equals(c.defaultSql)) c.defaultSql = null;
    return true;
  }

  private boolean dropOne(List<?> items) {
    if (items.isEmpty()) return false;
    items.remove(random.nextInt(items.size()));
    return true;
  }
}

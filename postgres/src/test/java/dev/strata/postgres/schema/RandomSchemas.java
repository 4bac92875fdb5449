package dev.strata.postgres.schema;

import dev.strata.postgres.schema.RandomModel.Check;
import dev.strata.postgres.schema.RandomModel.Column;
import dev.strata.postgres.schema.RandomModel.Element;
import dev.strata.postgres.schema.RandomModel.EnumType;
import dev.strata.postgres.schema.RandomModel.Family;
import dev.strata.postgres.schema.RandomModel.ForeignKey;
import dev.strata.postgres.schema.RandomModel.Index;
import dev.strata.postgres.schema.RandomModel.Key;
import dev.strata.postgres.schema.RandomModel.Name;
import dev.strata.postgres.schema.RandomModel.Selected;
import dev.strata.postgres.schema.RandomModel.Sequence;
import dev.strata.postgres.schema.RandomModel.Table;
import dev.strata.postgres.schema.RandomModel.Type;
import dev.strata.postgres.schema.RandomModel.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random pairs of PostgreSQL schemas for the schema diff's property tests: {@code from} is a
 * random schema, {@code to} the same after 1 to 6 random mutations. Both are complete build scripts
 * for an empty database (schema {@code public} exists and is empty), one statement per element,
 * without semicolons. The same seed gives the same text. Renames are never generated: a diff sees a
 * drop and an add.
 */
public final class RandomSchemas {

  public record Pair(long seed, List<String> from, List<String> to) {}

  private static final String[] SPECIAL_COLUMNS = {"select", "Name", "order", "user"};
  private static final String[] LABELS = {
    "draft", "active", "on hold", "archived", "it's done", "new", "closed"
  };
  private static final String[] COMMENTS = {
    "what customers ordered", "it's the main table", "Ünïcödé ✓", "two\nlines", "kept for audits"
  };
  private static final String[] SEQUENCE_OPTIONS = {
    "", " START WITH 100", " INCREMENT BY 10", " START WITH 1000 INCREMENT BY 5"
  };

  private final Random random;
  private final RandomModel model = new RandomModel();
  private final Mutations mutations;

  private RandomSchemas(long seed) {
    this.random = new Random(seed);
    this.mutations = new Mutations(this, model, random);
  }

  public static Pair pair(long seed) {
    RandomSchemas schemas = new RandomSchemas(seed);
    schemas.build();
    List<String> from = schemas.model.render();
    int wanted = 1 + schemas.random.nextInt(6);
    int applied = 0;
    List<String> to = from;
    // A mutation may find nothing to act on, and two may cancel out (add, then drop, a comment):
    // go on until the wanted number applied and the scripts differ.
    for (int attempt = 0; attempt < 10_000 && (applied < wanted || to.equals(from)); attempt++) {
      if (schemas.mutations.applyOne()) {
        applied++;
        to = schemas.model.render();
      }
    }
    return new Pair(seed, from, to);
  }

  private void build() {
    for (int i = random.nextInt(3); i > 0; i--) addSequence();
    for (int i = 1 + random.nextInt(6); i > 0; i--) addTable();
    for (int i = random.nextInt(3); i > 0; i--) addView();
  }

  // Creating objects: used by the first build and by the mutations that add.

  void addTable() {
    String schema = schemaForNew();
    String name =
        chance(10) && !model.nameTaken(schema, "Order Items")
            ? model.fresh(schema, "Order Items")
            : model.numbered(schema, "t");
    Table t = new Table(new Name(schema, name));
    model.tables.add(t);
    Column id = newColumn(t, idType());
    if (id.type.family() == Family.INTEGER && chance(50)) id.identity = true;
    else if (id.type.family() == Family.UUID && chance(70)) id.defaultSql = "gen_random_uuid()";
    id.notNull = true;
    for (int i = random.nextInt(8); i > 0; i--) {
      Column c = newColumn(t, randomType());
      if (chance(35)) c.defaultSql = randomDefault(c.type);
      c.notNull = chance(30);
    }
    if (chance(85)) {
      List<String> key = new ArrayList<>(List.of(id.name));
      t.columns.stream()
          .skip(1)
          .filter(c -> c.type.family() == Family.INTEGER || c.type.family() == Family.TEXT)
          .filter(c -> chance(20))
          .findFirst()
          .ifPresent(c -> key.add(c.name));
      for (String c : key) t.column(c).notNull = true;
      t.primaryKey = new Key(model.fresh(schema, "pk_" + RandomModel.label(name)), key);
    }
    if (chance(30)) addUnique(t);
    if (chance(30)) addCheck(t);
    if (chance(40)) addForeignKey(t, pick(model.tables));
    for (int i = random.nextInt(3); i > 0; i--) addIndex(t);
    if (chance(25)) t.comment = pick(COMMENTS);
    for (Column c : t.columns) if (chance(10)) c.comment = pick(COMMENTS);
  }

  void addColumn(Table t) {
    Column c = newColumn(t, randomType());
    if (c.type.family() == Family.INTEGER
        && chance(10)
        && t.columns.stream().noneMatch(x -> x.identity)) {
      c.identity = true;
      c.notNull = true;
    } else if (chance(50)) {
      c.defaultSql = randomDefault(c.type);
      // NOT NULL only with a default: the column is added to a table that may have rows.
      c.notNull = chance(50);
    }
  }

  private Column newColumn(Table t, Type type) {
    String name = "c" + (t.usedColumnNames.size() + 1);
    if (chance(8)) {
      String special = pick(SPECIAL_COLUMNS);
      if (!t.usedColumnNames.contains(special)) name = special;
    }
    t.usedColumnNames.add(name);
    Column c = new Column(name, type);
    t.columns.add(c);
    return c;
  }

  boolean addUnique(Table t) {
    List<String> columns = new ArrayList<>(List.of(pick(t.columns).name));
    Column second = pick(t.columns);
    if (chance(30) && !columns.contains(second.name)) columns.add(second.name);
    boolean exists =
        t.uniques.stream().anyMatch(u -> RandomModel.sameColumns(u.columns(), columns))
            || (t.primaryKey != null && RandomModel.sameColumns(t.primaryKey.columns(), columns));
    if (exists) return false;
    String name =
        "uq_" + RandomModel.label(t.name.name()) + "_" + RandomModel.label(columns.get(0));
    t.uniques.add(new Key(model.fresh(t.name.schema(), name), columns));
    return true;
  }

  boolean addCheck(Table t) {
    Column c = pick(t.columns);
    String q = RandomModel.quote(c.name);
    String sql =
        switch (c.type.family()) {
          case INTEGER, NUMERIC -> pick(List.of(q + " > 0", q + " >= 0", q + " < 1000000"));
          case TEXT -> pick(List.of("length(" + q + ") < 100", q + " <> ''"));
          case TIME, DATE -> q + " > '2000-01-01'";
          case JSONB -> "jsonb_typeof(" + q + ") = 'object'";
          case ARRAY -> "cardinality(" + q + ") < 10";
          default -> q + " IS NOT NULL";
        };
    if (t.checks.stream().anyMatch(k -> k.sql().equals(sql))) return false;
    String name = "ck_" + RandomModel.label(t.name.name()) + "_" + RandomModel.label(c.name);
    t.checks.add(new Check(model.fresh(t.name.schema(), name), c.name, sql));
    return true;
  }

  /** A foreign key from {@code t} to {@code target}'s primary key; adds columns of its types. */
  boolean addForeignKey(Table t, Table target) {
    if (target.primaryKey == null) return false;
    List<String> columns = new ArrayList<>();
    for (String key : target.primaryKey.columns()) {
      Type type = target.column(key).type;
      Column match =
          t.columns.stream()
              .filter(c -> c.type.equals(type) && !c.identity && !columns.contains(c.name))
              .filter(c -> !(t == target && target.inPrimaryKey(c.name)))
              .filter(c -> chance(50))
              .findFirst()
              .orElseGet(() -> newColumn(t, type));
      columns.add(match.name);
    }
    String name =
        "fk_" + RandomModel.label(t.name.name()) + "_" + RandomModel.label(columns.get(0));
    t.foreignKeys.add(
        new ForeignKey(
            model.fresh(t.name.schema(), name),
            columns,
            target.name,
            target.primaryKey.columns(),
            chance(30)));
    return true;
  }

  /** A plain, unique, multi-column, partial, expression or gin index; false if it exists. */
  boolean addIndex(Table t) {
    Column first = pick(t.columns);
    List<Element> elements = new ArrayList<>();
    boolean unique = false;
    boolean gin = false;
    String where = null;
    switch (random.nextInt(6)) {
      case 0 -> unique = true;
      case 1 -> {
        for (Column c : t.columns)
          if (c != first && elements.size() < 2 && chance(50))
            elements.add(new Element(c.name, false, chance(20)));
      }
      case 2 -> where = pick(t.columns).name;
      case 3 -> {
        Column text = pickOf(t.columns, Family.TEXT);
        if (text != null) first = text;
      }
      case 4 -> {
        Column json = pickOf(t.columns, Family.JSONB);
        if (json == null) json = pickOf(t.columns, Family.ARRAY);
        if (json != null) {
          first = json;
          gin = true;
        }
      }
      default -> {}
    }
    boolean lower = !gin && first.type.family() == Family.TEXT && chance(50);
    elements.add(0, new Element(first.name, lower, !gin && chance(15)));
    Index index = new Index(null, unique, gin, elements, where);
    if (t.indexes.stream().anyMatch(i -> index.equals(i.withName(null)))) return false;
    String name = "ix_" + RandomModel.label(t.name.name()) + "_" + RandomModel.label(first.name);
    return t.indexes.add(index.withName(model.fresh(t.name.schema(), name)));
  }

  boolean addView() {
    Table base = pick(model.tables);
    String schema = chance(80) ? base.name.schema() : schemaForNew();
    ForeignKey join = base.foreignKeys.isEmpty() || chance(40) ? null : pick(base.foreignKeys);
    View v =
        join == null
            ? new View(new Name(schema, model.numbered(schema, "v")), base.name, null, null, null)
            : new View(
                new Name(schema, model.numbered(schema, "v")),
                base.name,
                join.target(),
                join.columns(),
                join.targetColumns());
    for (Column c : base.columns) if (chance(50)) v.selected.add(new Selected(false, c.name));
    if (v.selected.isEmpty()) v.selected.add(new Selected(false, base.columns.get(0).name));
    if (join != null)
      for (Column c : model.table(join.target()).columns)
        if (chance(40)) v.selected.add(new Selected(true, c.name));
    model.views.add(v);
    return true;
  }

  void addSequence() {
    String schema = schemaForNew();
    Sequence s =
        new Sequence(new Name(schema, model.numbered(schema, "s")), pick(SEQUENCE_OPTIONS));
    model.sequences.add(s);
  }

  String newLabel(EnumType e) {
    for (String label : LABELS) if (!e.labels().contains(label)) return label;
    return "v" + e.labels().size();
  }

  // Types and values.

  private Type idType() {
    return pick(
        List.of(
            new Type("integer", Family.INTEGER),
            new Type("bigint", Family.INTEGER),
            new Type("uuid", Family.UUID),
            new Type("text", Family.TEXT)));
  }

  private Type randomType() {
    return switch (random.nextInt(18)) {
      case 0, 1 -> new Type("integer", Family.INTEGER);
      case 2 -> new Type("bigint", Family.INTEGER);
      case 3 -> new Type("smallint", Family.INTEGER);
      case 4, 5 -> new Type("text", Family.TEXT);
      case 6 -> varchar(pick(List.of(20, 50, 100, 255)));
      case 7 -> numeric(pick(List.of(8, 10, 12)), pick(List.of(0, 2)));
      case 8 -> new Type("boolean", Family.BOOLEAN);
      case 9 -> new Type("timestamptz", Family.TIME);
      case 10 -> new Type("timestamp", Family.TIME);
      case 11 -> new Type("date", Family.DATE);
      case 12 -> new Type("jsonb", Family.JSONB);
      case 13 -> new Type("uuid", Family.UUID);
      case 14 -> new Type("bytea", Family.BYTEA);
      case 15 -> new Type(pick(List.of("integer[]", "text[]")), Family.ARRAY);
      default -> enumType();
    };
  }

  static Type varchar(int length) {
    return new Type("varchar(" + length + ")", Family.TEXT);
  }

  static Type numeric(int precision, int scale) {
    return new Type("numeric(" + precision + "," + scale + ")", Family.NUMERIC);
  }

  private Type enumType() {
    EnumType e;
    if (model.enums.isEmpty() || chance(20)) {
      String schema = schemaForNew();
      List<String> labels = new ArrayList<>();
      for (int i = 2 + random.nextInt(3); i > 0; i--) {
        String label = pick(LABELS);
        if (!labels.contains(label)) labels.add(label);
      }
      e = new EnumType(new Name(schema, model.numbered(schema, "e")), labels);
      model.enums.add(e);
    } else {
      e = pick(model.enums);
    }
    return new Type(e.name().sql(), Family.ENUM, e.name());
  }

  String randomDefault(Type type) {
    return switch (type.family()) {
      case INTEGER ->
          !model.sequences.isEmpty() && chance(30)
              ? RandomModel.nextval(pick(model.sequences))
              : pick(List.of("0", "1", "42", "-1"));
      case TEXT -> pick(List.of("'x'", "''", "'none'", "'it''s'"));
      case NUMERIC -> pick(List.of("0", "1.5", "100"));
      case BOOLEAN -> pick(List.of("false", "true"));
      case TIME -> pick(List.of("now()", "CURRENT_TIMESTAMP", "'2020-01-01 00:00:00'"));
      case DATE -> pick(List.of("CURRENT_DATE", "'2020-01-01'"));
      case JSONB -> pick(List.of("'{}'", "'[]'", "'{\"a\": 1}'"));
      case UUID -> "gen_random_uuid()";
      case BYTEA -> pick(List.of("'\\x00'", "''"));
      case ARRAY ->
          type.sql().startsWith("integer")
              ? pick(List.of("'{}'", "'{1,2}'"))
              : pick(List.of("'{}'", "'{a,b}'"));
      case ENUM -> RandomModel.literal(pick(model.enumType(type.enumType()).labels()));
    };
  }

  /** {@code public} mostly; sometimes {@code app}, which then exists. */
  private String schemaForNew() {
    if (!chance(20)) return "public";
    model.appSchema = true;
    return "app";
  }

  // Randomness.

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  String pickComment() {
    return pick(COMMENTS);
  }

  private Column pickOf(List<Column> columns, Family family) {
    List<Column> matching = columns.stream().filter(c -> c.type.family() == family).toList();
    return matching.isEmpty() ? null : pick(matching);
  }
}

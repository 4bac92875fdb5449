package dev.strata.postgres.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The schema {@link RandomSchemas} generates and mutates, rendered as a script that builds it in an
 * empty database. Mutable on purpose: a mutation edits it in place and the script is rendered
 * again. Lists keep insertion order, so the same edits always render the same text.
 */
final class RandomModel {

  /** Types of one family share defaults, checks and index kinds, so a type change keeps them. */
  enum Family {
    INTEGER,
    TEXT,
    NUMERIC,
    BOOLEAN,
    TIME,
    DATE,
    JSONB,
    UUID,
    BYTEA,
    ARRAY,
    ENUM
  }

  record Name(String schema, String name) {
    String sql() {
      return quote(schema) + "." + quote(name);
    }
  }

  /**
   * A column type as written; {@code enumType} names the generated enum for {@link Family#ENUM}.
   */
  record Type(String sql, Family family, Name enumType) {
    Type(String sql, Family family) {
      this(sql, family, null);
    }
  }

  static final class Column {
    final String name;
    Type type;
    boolean notNull;
    boolean identity;
    String defaultSql;
    String comment;

    Column(String name, Type type) {
      this.name = name;
      this.type = type;
    }
  }

  record Key(String name, List<String> columns) {}

  record Check(String name, String column, String sql) {}

  record ForeignKey(
      String name,
      List<String> columns,
      Name target,
      List<String> targetColumns,
      boolean cascade) {}

  /** An index key: a column, or {@code lower(column)}. */
  record Element(String column, boolean lower, boolean descending) {}

  /** {@code whereColumn}, when set, makes the index partial: {@code WHERE col IS NOT NULL}. */
  record Index(
      String name, boolean unique, boolean gin, List<Element> elements, String whereColumn) {
    Index withName(String name) {
      return new Index(name, unique, gin, elements, whereColumn);
    }
  }

  static final class Table {
    final Name name;
    final List<Column> columns = new ArrayList<>();
    Key primaryKey;
    final List<Key> uniques = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<Index> indexes = new ArrayList<>();
    String comment;
    // Column names are never reused within a table, so a dropped and an added column never merge.
    final Set<String> usedColumnNames = new HashSet<>();

    Table(Name name) {
      this.name = name;
    }

    Column column(String name) {
      return columns.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow();
    }

    boolean inPrimaryKey(String column) {
      return primaryKey != null && primaryKey.columns().contains(column);
    }
  }

  /** A column a view selects: from its first table ({@code a}) or the joined one ({@code b}). */
  record Selected(boolean joined, String column) {}

  /** A view on {@code base}, joined to {@code joined} on equal columns when that is set. */
  static final class View {
    final Name name;
    final Name base;
    final Name joined;
    final List<String> baseOn;
    final List<String> joinedOn;
    final List<Selected> selected = new ArrayList<>();

    View(Name name, Name base, Name joined, List<String> baseOn, List<String> joinedOn) {
      this.name = name;
      this.base = base;
      this.joined = joined;
      this.baseOn = baseOn;
      this.joinedOn = joinedOn;
    }
  }

  record EnumType(Name name, List<String> labels) {}

  record Sequence(Name name, String options) {}

  boolean appSchema;
  final List<EnumType> enums = new ArrayList<>();
  final List<Sequence> sequences = new ArrayList<>();
  final List<Table> tables = new ArrayList<>();
  final List<View> views = new ArrayList<>();
  // Relations, types and constraints share names per schema; names are never reused.
  private final Map<String, Set<String>> usedNames = new HashMap<>();

  /** {@code prefix1}, {@code prefix2}, ...: the first not used in the schema. */
  String numbered(String schema, String prefix) {
    Set<String> used = usedNames.computeIfAbsent(schema, s -> new HashSet<>());
    for (int i = 1; ; i++) if (used.add(prefix + i)) return prefix + i;
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... when taken. */
  String fresh(String schema, String base) {
    Set<String> used = usedNames.computeIfAbsent(schema, s -> new HashSet<>());
    if (used.add(base)) return base;
    for (int i = 2; ; i++) if (used.add(base + "_" + i)) return base + "_" + i;
  }

  boolean nameTaken(String schema, String name) {
    return usedNames.getOrDefault(schema, Set.of()).contains(name);
  }

  Table table(Name name) {
    return tables.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow();
  }

  EnumType enumType(Name name) {
    return enums.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  static String nextval(Sequence sequence) {
    return "nextval(" + literal(sequence.name().sql()) + ")";
  }

  /** Types first, then tables, then what refers to tables; so any order of edits renders valid. */
  List<String> render() {
    List<String> sql = new ArrayList<>();
    if (appSchema) sql.add("CREATE SCHEMA app");
    for (EnumType e : enums)
      sql.add(
          "CREATE TYPE "
              + e.name().sql()
              + " AS ENUM ("
              + e.labels().stream().map(RandomModel::literal).collect(Collectors.joining(", "))
              + ")");
    for (Sequence s : sequences) sql.add("CREATE SEQUENCE " + s.name().sql() + s.options());
    for (Table t : tables) sql.add(createTable(t));
    // Foreign keys after every table, so a table may refer to one rendered after it, or itself.
    for (Table t : tables)
      for (ForeignKey fk : t.foreignKeys)
        sql.add(
            "ALTER TABLE "
                + t.name.sql()
                + " ADD CONSTRAINT "
                + quote(fk.name())
                + " FOREIGN KEY ("
                + columns(fk.columns())
                + ") REFERENCES "
                + fk.target().sql()
                + " ("
                + columns(fk.targetColumns())
                + ")"
                + (fk.cascade() ? " ON DELETE CASCADE" : ""));
    for (Table t : tables) for (Index i : t.indexes) sql.add(createIndex(t, i));
    for (View v : views) sql.add(createView(v));
    for (Table t : tables) {
      if (t.comment != null)
        sql.add("COMMENT ON TABLE " + t.name.sql() + " IS " + literal(t.comment));
      for (Column c : t.columns)
        if (c.comment != null)
          sql.add(
              "COMMENT ON COLUMN "
                  + t.name.sql()
                  + "."
                  + quote(c.name)
                  + " IS "
                  + literal(c.comment));
    }
    return sql;
  }

  private static String createTable(Table t) {
    List<String> parts = new ArrayList<>();
    for (Column c : t.columns) {
      StringBuilder def = new StringBuilder(quote(c.name)).append(' ').append(c.type.sql());
      if (c.defaultSql != null) def.append(" DEFAULT ").append(c.defaultSql);
      if (c.notNull) def.append(" NOT NULL");
      if (c.identity) def.append(" GENERATED BY DEFAULT AS IDENTITY");
      parts.add(def.toString());
    }
    if (t.primaryKey != null)
      parts.add(
          "CONSTRAINT "
              + quote(t.primaryKey.name())
              + " PRIMARY KEY ("
              + columns(t.primaryKey.columns())
              + ")");
    for (Key u : t.uniques)
      parts.add("CONSTRAINT " + quote(u.name()) + " UNIQUE (" + columns(u.columns()) + ")");
    for (Check c : t.checks)
      parts.add("CONSTRAINT " + quote(c.name()) + " CHECK (" + c.sql() + ")");
    return "CREATE TABLE " + t.name.sql() + " (\n  " + String.join(",\n  ", parts) + "\n)";
  }

  private static String createIndex(Table t, Index i) {
    String elements =
        i.elements().stream()
            .map(
                e ->
                    (e.lower() ? "lower(" + quote(e.column()) + ")" : quote(e.column()))
                        + (e.descending() ? " DESC" : ""))
            .collect(Collectors.joining(", "));
    return "CREATE "
        + (i.unique() ? "UNIQUE " : "")
        + "INDEX "
        + quote(i.name())
        + " ON "
        + t.name.sql()
        + (i.gin() ? " USING gin" : "")
        + " ("
        + elements
        + ")"
        + (i.whereColumn() == null ? "" : " WHERE " + quote(i.whereColumn()) + " IS NOT NULL");
  }

  private static String createView(View v) {
    // Joined columns get an alias: both tables may have a column of the same name.
    String select =
        v.selected.stream()
            .map(
                s ->
                    s.joined()
                        ? "b." + quote(s.column()) + " AS " + quote("j_" + s.column())
                        : "a." + quote(s.column()))
            .collect(Collectors.joining(", "));
    StringBuilder sql =
        new StringBuilder("CREATE VIEW ")
            .append(v.name.sql())
            .append(" AS SELECT ")
            .append(select)
            .append(" FROM ")
            .append(v.base.sql())
            .append(" a");
    if (v.joined != null) {
      List<String> on = new ArrayList<>();
      for (int i = 0; i < v.baseOn.size(); i++)
        on.add("b." + quote(v.joinedOn.get(i)) + " = a." + quote(v.baseOn.get(i)));
      sql.append(" JOIN ").append(v.joined.sql()).append(" b ON ").append(String.join(" AND ", on));
    }
    return sql.toString();
  }

  private static String columns(List<String> names) {
    return names.stream().map(RandomModel::quote).collect(Collectors.joining(", "));
  }

  // The reserved words among the names RandomSchemas uses; others it uses are plain or mixed case.
  private static final Set<String> RESERVED = Set.of("select", "order", "user", "check", "table");

  /** A name as SQL: bare when PostgreSQL would read it back unchanged, else double-quoted. */
  static String quote(String name) {
    return name.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(name)
        ? name
        : '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A name as a part of a generated name: {@code "Order Items"} gives {@code order_items}. */
  static String label(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  static boolean sameColumns(List<String> a, List<String> b) {
    return Set.copyOf(a).equals(Set.copyOf(b));
  }
}

package dev.strata.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the corpus has created so far. The generator consults it so every statement refers only to
 * objects that exist and never collides with a name already taken; at the end it yields the
 * expectations a run is verified against. Insertion-ordered collections keep generation
 * deterministic.
 */
final class SchemaModel {

  /** PostgreSQL truncates longer identifiers, which would silently make names collide. */
  static final int MAX_IDENTIFIER = 63;

  enum PrimaryKey {
    IDENTITY("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "bigint"),
    BIGSERIAL("bigserial PRIMARY KEY", "bigint"),
    UUID("uuid PRIMARY KEY DEFAULT gen_random_uuid()", "uuid");

    final String definition;
    final String referenceType;

    PrimaryKey(String definition, String referenceType) {
      this.definition = definition;
      this.referenceType = referenceType;
    }
  }

  record EnumType(String name, List<String> labels) {
    String value(String g) {
      StringBuilder array = new StringBuilder("(ARRAY[");
      for (int i = 0; i < labels.size(); i++) {
        array.append(i == 0 ? "" : ", ").append('\'').append(labels.get(i)).append('\'');
      }
      return array
          .append("])[1 + (")
          .append(g)
          .append(") % ")
          .append(labels.size())
          .append("]::")
          .append(name)
          .toString();
    }

    String literal(long g) {
      return "'" + labels.get((int) (g % labels.size())) + "'";
    }
  }

  /**
   * A column. {@code references} names the parent table of a foreign key (the table itself for a
   * self reference), {@code enumType} is set for enum columns.
   */
  record Column(
      String name,
      ColumnKind kind,
      boolean notNull,
      boolean hasDefault,
      boolean unique,
      String references,
      EnumType enumType) {

    boolean isForeignKey() {
      return references != null;
    }

    /** Must the column be named in an INSERT? */
    boolean required() {
      return notNull && !hasDefault;
    }
  }

  static final class Table {
    final String name;
    final String noun;
    final PrimaryKey primaryKey;
    final List<Column> columns = new ArrayList<>();
    final boolean internal;
    boolean hasUpdatedAt;
    boolean updatedAtTrigger;
    boolean audited;
    long rows;
    int indexCounter;

    Table(String name, String noun, PrimaryKey primaryKey, boolean internal) {
      this.name = name;
      this.noun = noun;
      this.primaryKey = primaryKey;
      this.internal = internal;
    }

    boolean hasColumn(String column) {
      return column.equals("id") || columns.stream().anyMatch(c -> c.name().equals(column));
    }

    List<Column> columnsOf(ColumnKind kind) {
      return columns.stream()
          .filter(c -> c.kind() == kind && !c.isForeignKey() && c.enumType() == null)
          .toList();
    }
  }

  final Map<String, Table> tables = new LinkedHashMap<>();
  final List<String> views = new ArrayList<>();
  final List<String> functions = new ArrayList<>();
  final List<EnumType> enums = new ArrayList<>();

  /** Relations and types share one namespace per schema (a table also defines a row type). */
  private final Set<String> relationNames = new HashSet<>();

  boolean updatedAtFunction;
  boolean auditFunction;

  /**
   * Reserves {@code base}, or {@code base_2}, {@code base_3}... when taken; never longer than 63.
   */
  String reserve(String base) {
    String candidate = clip(base, 0);
    for (int i = 2; !relationNames.add(candidate); i++) {
      candidate = clip(base, i);
    }
    return candidate;
  }

  boolean isTaken(String name) {
    return relationNames.contains(name);
  }

  private static String clip(String base, int suffix) {
    String tail = suffix == 0 ? "" : "_" + suffix;
    String head =
        base.length() + tail.length() > MAX_IDENTIFIER
            ? base.substring(0, MAX_IDENTIFIER - tail.length())
            : base;
    return head + tail;
  }

  List<Table> appTables() {
    return tables.values().stream().filter(t -> !t.internal).toList();
  }

  Corpus.Expectations expectations() {
    long rows = appTables().stream().mapToLong(t -> t.rows).sum();
    List<String> counted = appTables().stream().map(t -> t.name).toList();
    return new Corpus.Expectations(
        List.copyOf(tables.keySet()),
        List.copyOf(views),
        List.copyOf(functions),
        enums.stream().map(EnumType::name).toList(),
        counted,
        rows);
  }
}

package dev.strata.mysql.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random schema of a few tables (columns of common types with defaults, indexes, foreign
 * keys to earlier tables, checks, comments), and a random change of it.
 */
record RandomSchema(List<Table> tables) {
  private static final String[] TYPES = {
    "INT",
    "BIGINT",
    "VARCHAR(20)",
    "VARCHAR(100)",
    "TEXT",
    "DECIMAL(10,2)",
    "DATE",
    "DATETIME(3)",
    "TINYINT(1)",
    "ENUM('a','b')",
    "DOUBLE",
    "VARBINARY(16)"
  };

  record Column(String name, String type, boolean nullable, String defaultValue) {
    String sql() {
      return name
          + " "
          + type
          + (nullable ? " NULL" : " NOT NULL")
          + (defaultValue == null ? "" : " DEFAULT " + defaultValue);
    }
  }

  record Table(
      String name,
      List<Column> columns,
      List<List<String>> indexes,
      List<String> foreignKeys,
      List<String> checks,
      String comment) {

    Table copy() {
      List<List<String>> idx = new ArrayList<>();
      for (List<String> i : indexes) idx.add(new ArrayList<>(i));
      return new Table(
          name,
          new ArrayList<>(columns),
          idx,
          new ArrayList<>(foreignKeys),
          new ArrayList<>(checks),
          comment);
    }

    String sql() {
      List<String> parts = new ArrayList<>();
      parts.add("id INT NOT NULL AUTO_INCREMENT");
      // Checks are on k: MariaDB refuses one on an AUTO_INCREMENT column.
      parts.add("k INT NOT NULL DEFAULT 1");
      for (Column c : columns) parts.add(c.sql());
      parts.add("PRIMARY KEY (id)");
      for (int i = 0; i < indexes.size(); i++) {
        if (indexes.get(i).isEmpty()) continue;
        parts.add("KEY " + name + "_i" + i + " (" + String.join(", ", indexes.get(i)) + ")");
      }
      for (int i = 0; i < foreignKeys.size(); i++) {
        parts.add(
            "CONSTRAINT "
                + name
                + "_fk"
                + i
                + " FOREIGN KEY (id) REFERENCES "
                + foreignKeys.get(i)
                + " (id)");
      }
      for (int i = 0; i < checks.size(); i++)
        parts.add("CONSTRAINT " + name + "_c" + i + " CHECK (" + checks.get(i) + ")");
      return "CREATE TABLE "
          + name
          + " (\n  "
          + String.join(",\n  ", parts)
          + "\n)"
          + (comment == null ? "" : " COMMENT='" + comment + "'");
    }
  }

  static RandomSchema generate(Random random) {
    List<Table> tables = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int t = 0; t < count; t++) tables.add(table("t" + t, random, tables));
    return new RandomSchema(tables);
  }

  private static Table table(String name, Random random, List<Table> earlier) {
    List<Column> columns = new ArrayList<>();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) columns.add(column("c" + i, random));
    List<List<String>> indexes = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) indexes.add(index(columns, random));
    List<String> fks = new ArrayList<>();
    if (!earlier.isEmpty() && random.nextBoolean())
      fks.add(earlier.get(random.nextInt(earlier.size())).name());
    List<String> checks = new ArrayList<>();
    if (random.nextInt(3) == 0) checks.add("k > " + random.nextInt(3));
    return new Table(
        name, columns, indexes, fks, checks, random.nextInt(4) == 0 ? "note " + name : null);
  }

  private static Column column(String name, Random random) {
    String type = TYPES[random.nextInt(TYPES.length)];
    boolean nullable = random.nextBoolean();
    String def = null;
    if (random.nextInt(3) == 0) {
      def =
          switch (type) {
            case "INT", "BIGINT", "TINYINT(1)", "DOUBLE" -> String.valueOf(random.nextInt(9));
            case "VARCHAR(20)", "VARCHAR(100)" -> "'v" + random.nextInt(9) + "'";
            case "DECIMAL(10,2)" -> "1.50";
            case "DATE" -> "'2024-01-0" + (1 + random.nextInt(9)) + "'";
            case "ENUM('a','b')" -> "'b'";
            default -> null;
          };
    }
    return new Column(name, type, nullable, def);
  }

  /** Columns that can be indexed whole (not TEXT, which needs a prefix length). */
  private static List<String> index(List<Column> columns, Random random) {
    List<String> out = new ArrayList<>();
    for (Column c : columns) {
      if (c.type().equals("TEXT") || out.contains(c.name())) continue;
      if (random.nextInt(3) == 0) out.add(c.name());
    }
    return out;
  }

  List<String> statements() {
    return tables.stream().map(Table::sql).toList();
  }

  /** A copy with one to three random changes. */
  RandomSchema mutate(Random random) {
    List<Table> tables = new ArrayList<>();
    for (Table t : this.tables) tables.add(t.copy());
    for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
      int pick = random.nextInt(10);
      Table t = tables.get(random.nextInt(tables.size()));
      switch (pick) {
        case 0 -> {
          // Dropping a table drops the foreign keys to it.
          if (tables.size() > 1) {
            tables.remove(t);
            for (Table other : tables) other.foreignKeys().remove(t.name());
          }
        }
        case 1 -> tables.add(table("n" + random.nextInt(1000), random, tables));
        case 2 -> {
          Column added = column("x" + random.nextInt(100), random);
          if (t.columns().stream().noneMatch(c -> c.name().equals(added.name())))
            t.columns().add(random.nextInt(t.columns().size() + 1), added);
        }
        case 3 -> {
          if (t.columns().size() > 1) {
            Column gone = t.columns().remove(random.nextInt(t.columns().size()));
            for (List<String> index : t.indexes()) index.remove(gone.name());
          }
        }
        case 4 -> {
          int i = random.nextInt(t.columns().size());
          Column c = t.columns().get(i);
          Column changed = column(c.name(), random);
          boolean indexed = t.indexes().stream().anyMatch(ix -> ix.contains(c.name()));
          if (!(indexed && changed.type().equals("TEXT"))) t.columns().set(i, changed);
        }
        case 5 -> java.util.Collections.shuffle(t.columns(), random);
        case 6 -> t.indexes().add(index(t.columns(), random));
        case 7 -> {
          if (!t.indexes().isEmpty()) t.indexes().remove(random.nextInt(t.indexes().size()));
        }
        case 8 -> {
          t.checks().clear();
          if (random.nextBoolean()) t.checks().add("k <> " + random.nextInt(5));
        }
        default -> {
          Table changed =
              new Table(
                  t.name(),
                  t.columns(),
                  t.indexes(),
                  t.foreignKeys(),
                  t.checks(),
                  random.nextBoolean() ? null : "changed " + random.nextInt(9));
          tables.set(tables.indexOf(t), changed);
        }
      }
    }
    return new RandomSchema(tables);
  }
}

package dev.strata.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The schema suite's generated schema: many ordinary tables in {@code public}, shaped by the
 * issue's goal. Per table: 10 columns (a {@code bigint} primary key plus a mix of integer, text,
 * varchar, numeric, boolean, timestamptz, jsonb, date, uuid and foreign-key columns, some NOT NULL,
 * some with defaults) and 3 indexes (the primary key's plus two of: plain, multi-column, partial,
 * unique index, unique constraint); 1.5 foreign keys per table on average, each to an earlier
 * table's primary key. At 2,000 tables that is exactly 20,000 columns, 6,000 indexes and 3,000
 * foreign keys.
 *
 * <p>Everything comes from one seeded {@link Random}: the same table count and seed give the same
 * schema, and its SQL, on every machine. Names are plain lowercase identifiers (no reserved words),
 * so the SQL never quotes them.
 */
final class LargeSchema {

  static final long DEFAULT_SEED = 20240601L;
  static final int COLUMNS_PER_TABLE = 10;

  /** Secondary indexes per table; with the primary key's, 3 per table. */
  static final int SECONDARY_INDEXES_PER_TABLE = 2;

  /** How many statements the SQL may put in one transaction; see {@link #transactions}. */
  static final int STATEMENTS_PER_TRANSACTION = 200;

  record Column(String name, String type, boolean notNull, String defaultValue) {
    String definition() {
      return name
          + " "
          + type
          + (defaultValue == null ? "" : " DEFAULT " + defaultValue)
          + (notNull ? " NOT NULL" : "");
    }
  }

  enum IndexKind {
    PLAIN,
    MULTI_COLUMN,
    PARTIAL,
    UNIQUE,
    /** {@code CONSTRAINT … UNIQUE (…)} in the table: a constraint backed by an index. */
    UNIQUE_CONSTRAINT
  }

  /** A secondary index; {@code where} only for partial indexes. */
  record Index(String name, IndexKind kind, List<String> columns, String where) {}

  record ForeignKey(String name, String column, String referencedTable, String onDelete) {}

  record Table(
      String name, List<Column> columns, List<Index> indexes, List<ForeignKey> foreignKeys) {
    String primaryKeyName() {
      return name + "_pkey";
    }
  }

  /** What the schema holds, counted the way {@code pg_catalog} counts it. */
  record Counts(int tables, int columns, int indexes, int primaryKeys, int foreignKeys) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%,d tables, %,d columns, %,d indexes (%,d of them primary keys), %,d foreign keys",
          tables,
          columns,
          indexes,
          primaryKeys,
          foreignKeys);
    }
  }

  /** The order objects are created in; the resulting schema is the same. */
  enum Order {
    /** Tables in generation order, then indexes, then foreign keys. */
    AS_GENERATED,
    /**
     * Tables, indexes and foreign keys each in a shuffled order (columns keep theirs): the same
     * schema with other OIDs and another catalog order, so a diff must match objects by name.
     */
    SHUFFLED
  }

  private static final String[] NOUNS = {
    "account", "customer", "invoice", "product", "price", "supplier", "shipment", "ticket",
    "employee", "contract", "payment", "campaign", "session", "document", "event", "warehouse",
    "category", "address", "review", "subscription"
  };

  /** Column types with a few names each; the first name is taken first. */
  private enum ColumnType {
    INTEGER("integer", "quantity", "rank", "level", "attempts"),
    TEXT("text", "note", "description", "body", "summary"),
    VARCHAR("varchar", "name", "code", "title", "email"),
    NUMERIC("numeric", "amount", "price", "ratio", "balance"),
    BOOLEAN("boolean", "active", "archived", "verified", "locked"),
    TIMESTAMPTZ("timestamptz", "created_at", "updated_at", "seen_at", "closed_at"),
    JSONB("jsonb", "attributes", "metadata", "payload", "settings"),
    DATE("date", "due_on", "valid_from", "valid_until", "born_on"),
    UUID("uuid", "external_id", "token", "correlation_id", "source_id");

    final String sqlName;
    final String[] names;

    ColumnType(String sqlName, String... names) {
      this.sqlName = sqlName;
      this.names = names;
    }
  }

  private static final String[] ON_DELETE = {null, null, "CASCADE", "SET NULL", "RESTRICT"};

  private final int tableCount;
  private final long seed;
  private final List<Table> tables;

  private LargeSchema(int tableCount, long seed, List<Table> tables) {
    this.tableCount = tableCount;
    this.seed = seed;
    this.tables = tables;
  }

  /**
   * {@code tables} tables; {@code round(1.5 × tables)} foreign keys (at most two per table, none on
   * the first, which has no earlier table to reference).
   */
  static LargeSchema generate(int tables, long seed) {
    if (tables < 1) {
      throw new IllegalArgumentException("at least one table, got " + tables);
    }
    Random random = new Random(seed);
    int[] foreignKeys = foreignKeysPerTable(tables, random);
    int digits = Math.max(4, Integer.toString(tables).length());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      names.add(
          "t"
              + String.format(Locale.ROOT, "%0" + digits + "d", i + 1)
              + "_"
              + NOUNS[random.nextInt(NOUNS.length)]);
    }
    List<Table> result = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      result.add(table(names, i, foreignKeys[i], random));
    }
    return new LargeSchema(tables, seed, List.copyOf(result));
  }

  static int foreignKeyTotal(int tables) {
    return Math.min((int) Math.round(tables * 1.5), 2 * (tables - 1));
  }

  /** Every table but the first gets the same share; the remainder goes to randomly chosen ones. */
  private static int[] foreignKeysPerTable(int tables, Random random) {
    int[] counts = new int[tables];
    int total = foreignKeyTotal(tables);
    if (total == 0) {
      return counts;
    }
    int base = total / (tables - 1);
    int extra = total % (tables - 1);
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i < tables; i++) {
      counts[i] = base;
      order.add(i);
    }
    Collections.shuffle(order, random);
    for (int k = 0; k < extra; k++) {
      counts[order.get(k)]++;
    }
    return counts;
  }

  private static Table table(List<String> names, int index, int foreignKeyCount, Random random) {
    String name = names.get(index);
    List<Column> columns = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    columns.add(new Column("id", "bigint", true, null));
    taken.add("id");

    List<ForeignKey> foreignKeys = new ArrayList<>();
    for (int k = 0; k < foreignKeyCount; k++) {
      // a third of the references go to the first ten tables: the hubs (accounts, customers) most
      // schemas have
      int target =
          random.nextInt(3) == 0 ? random.nextInt(Math.min(10, index)) : random.nextInt(index);
      String referenced = names.get(target);
      String column = free(taken, referenced.substring(0, referenced.indexOf('_')) + "_id");
      String onDelete = ON_DELETE[random.nextInt(ON_DELETE.length)];
      boolean notNull = !"SET NULL".equals(onDelete) && random.nextBoolean();
      columns.add(new Column(column, "bigint", notNull, null));
      foreignKeys.add(new ForeignKey(name + "_" + column + "_fkey", column, referenced, onDelete));
    }

    ColumnType[] types = ColumnType.values();
    while (columns.size() < COLUMNS_PER_TABLE) {
      ColumnType type = types[random.nextInt(types.length)];
      String column = free(taken, type.names[random.nextInt(type.names.length)]);
      columns.add(column(type, column, random));
    }

    List<Index> indexes = new ArrayList<>();
    Set<List<String>> indexed = new HashSet<>();
    indexed.add(List.of("id"));
    Set<String> indexNames = new HashSet<>();
    while (indexes.size() < SECONDARY_INDEXES_PER_TABLE) {
      Index candidate = index(name, columns, random);
      if (indexed.add(candidate.columns())) {
        // index names share the schema's namespace with tables; every one starts with its
        // table's name, so only the table's own indexes can collide
        String unique = free(indexNames, candidate.name());
        indexes.add(new Index(unique, candidate.kind(), candidate.columns(), candidate.where()));
      }
    }
    return new Table(name, List.copyOf(columns), List.copyOf(indexes), List.copyOf(foreignKeys));
  }

  private static Column column(ColumnType type, String name, Random random) {
    return switch (type) {
      case INTEGER ->
          new Column(name, "integer", random.nextBoolean(), random.nextBoolean() ? "0" : null);
      case TEXT -> new Column(name, "text", false, null);
      case VARCHAR ->
          new Column(
              name,
              "varchar(" + new int[] {32, 64, 100, 255}[random.nextInt(4)] + ")",
              random.nextInt(3) == 0,
              null);
      case NUMERIC ->
          new Column(
              name,
              new String[] {"numeric(12,2)", "numeric(18,6)", "numeric"}[random.nextInt(3)],
              false,
              random.nextInt(3) == 0 ? "0" : null);
      case BOOLEAN -> new Column(name, "boolean", true, "false");
      case TIMESTAMPTZ ->
          random.nextBoolean()
              ? new Column(name, "timestamptz", true, "now()")
              : new Column(name, "timestamptz", false, null);
      case JSONB ->
          random.nextBoolean()
              ? new Column(name, "jsonb", true, "'{}'::jsonb")
              : new Column(name, "jsonb", false, null);
      case DATE -> new Column(name, "date", false, null);
      case UUID -> new Column(name, "uuid", random.nextInt(3) == 0, null);
    };
  }

  /**
   * One secondary index over the table's columns other than {@code id}: 35% plain, 25% on two
   * columns, 20% partial, 10% unique index, 10% unique constraint. jsonb columns are never btree
   * keys.
   */
  private static Index index(String table, List<Column> columns, Random random) {
    List<Column> keys =
        columns.subList(1, columns.size()).stream().filter(c -> !c.type().equals("jsonb")).toList();
    Column first = keys.get(random.nextInt(keys.size()));
    int roll = random.nextInt(20);
    if (roll < 7) {
      return new Index(
          table + "_" + first.name() + "_idx", IndexKind.PLAIN, List.of(first.name()), null);
    }
    if (roll < 12) {
      Column second = keys.get(random.nextInt(keys.size()));
      if (second == first) {
        second = columns.get(0);
      }
      return new Index(
          table + "_" + first.name() + "_" + second.name() + "_idx",
          IndexKind.MULTI_COLUMN,
          List.of(first.name(), second.name()),
          null);
    }
    if (roll < 16) {
      // the rows that matter: the not-yet-archived ones, or those with a value
      Column flag =
          columns.stream().filter(c -> c.type().equals("boolean")).findFirst().orElse(null);
      List<Column> nullable = keys.stream().filter(c -> !c.notNull()).toList();
      Column key =
          flag != null || nullable.isEmpty()
              ? first
              : nullable.get(random.nextInt(nullable.size()));
      String where = flag != null ? "NOT " + flag.name() : key.name() + " IS NOT NULL";
      return new Index(
          table + "_" + key.name() + "_part", IndexKind.PARTIAL, List.of(key.name()), where);
    }
    return new Index(
        table + "_" + first.name() + "_key",
        roll < 18 ? IndexKind.UNIQUE : IndexKind.UNIQUE_CONSTRAINT,
        List.of(first.name()),
        null);
  }

  /** {@code name}, or {@code name_2}, {@code name_3}... whichever is not taken yet. */
  private static String free(Set<String> taken, String name) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = name + "_" + n;
    }
    return candidate;
  }

  int tableCount() {
    return tableCount;
  }

  long seed() {
    return seed;
  }

  List<Table> tables() {
    return tables;
  }

  Counts counts() {
    int columns = 0;
    int indexes = 0;
    int foreignKeys = 0;
    for (Table t : tables) {
      columns += t.columns().size();
      indexes += 1 + t.indexes().size();
      foreignKeys += t.foreignKeys().size();
    }
    return new Counts(tables.size(), columns, indexes, tables.size(), foreignKeys);
  }

  /**
   * Every statement that builds the schema: the tables (with their primary keys and unique
   * constraints), then the indexes, then the foreign keys, so any table order works.
   */
  List<String> statements(Order order) {
    Random random = new Random(seed ^ 0x5eed);
    List<Table> tableOrder = new ArrayList<>(tables);
    List<String> indexes = new ArrayList<>();
    List<String> foreignKeys = new ArrayList<>();
    for (Table t : tables) {
      for (Index i : t.indexes()) {
        if (i.kind() != IndexKind.UNIQUE_CONSTRAINT) {
          indexes.add(createIndex(t, i));
        }
      }
      for (ForeignKey f : t.foreignKeys()) {
        foreignKeys.add(addForeignKey(t, f));
      }
    }
    if (order == Order.SHUFFLED) {
      Collections.shuffle(tableOrder, random);
      Collections.shuffle(indexes, random);
      Collections.shuffle(foreignKeys, random);
    }
    List<String> statements = new ArrayList<>();
    tableOrder.forEach(t -> statements.add(createTable(t)));
    statements.addAll(indexes);
    statements.addAll(foreignKeys);
    return statements;
  }

  /**
   * The statements grouped into transactions of at most {@link #STATEMENTS_PER_TRANSACTION}: one
   * transaction for the whole schema would hold a lock on every relation it creates (about 6 per
   * table with TOAST tables and indexes) and overflow the server's lock table (64 × max_connections
   * by default).
   */
  static List<List<String>> transactions(List<String> statements) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < statements.size(); from += STATEMENTS_PER_TRANSACTION) {
      batches.add(
          statements.subList(from, Math.min(statements.size(), from + STATEMENTS_PER_TRANSACTION)));
    }
    return batches;
  }

  private static String createTable(Table t) {
    StringBuilder sql = new StringBuilder("CREATE TABLE public.").append(t.name()).append(" (\n");
    for (Column c : t.columns()) {
      sql.append("  ").append(c.definition()).append(",\n");
    }
    for (Index i : t.indexes()) {
      if (i.kind() == IndexKind.UNIQUE_CONSTRAINT) {
        sql.append("  CONSTRAINT ")
            .append(i.name())
            .append(" UNIQUE (")
            .append(columnList(i.columns()))
            .append("),\n");
      }
    }
    sql.append("  CONSTRAINT ").append(t.primaryKeyName()).append(" PRIMARY KEY (id)\n)");
    return sql.toString();
  }

  private static String createIndex(Table t, Index i) {
    return (i.kind() == IndexKind.UNIQUE ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
        + i.name()
        + " ON public."
        + t.name()
        + " ("
        + columnList(i.columns())
        + ")"
        + (i.where() == null ? "" : " WHERE " + i.where());
  }

  private static String addForeignKey(Table t, ForeignKey f) {
    return "ALTER TABLE public."
        + t.name()
        + " ADD CONSTRAINT "
        + f.name()
        + " FOREIGN KEY ("
        + f.column()
        + ") REFERENCES public."
        + f.referencedTable()
        + " (id)"
        + (f.onDelete() == null ? "" : " ON DELETE " + f.onDelete());
  }

  private static String columnList(List<String> columns) {
    return String.join(", ", columns);
  }
}

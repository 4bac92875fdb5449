package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables: CREATE TABLE with columns (types, collations, defaults, identity, generated columns, NOT
 * NULL) and valid CHECKs; partitioned tables with PARTITION BY; partitions as tables of their own
 * attached with {@code ALTER TABLE ONLY parent ATTACH PARTITION} (as pg_dump does: the partition
 * keeps its own column order); inheritance children with INHERITS. Row-level security switches and
 * a FULL or NOTHING replica identity follow the data.
 *
 * <p>Not dumped: column STORAGE, COMPRESSION, statistics targets and attribute options, typed
 * tables' link to their type ({@code OF type}; the columns are dumped), toast reloptions, and
 * foreign tables.
 */
final class TableReader {
  private TableReader() {}

  /** A table to copy rows of, and the object whose place in the order it takes. */
  record Copied(DumpObject object, TableData data) {}

  /**
   * The tables by oid, in schema and name order.
   *
   * @param sizes whether to read each table's size too, to schedule a backup's copies (else 0)
   */
  static Map<Long, Table> read(Connection connection, boolean sizes) throws SQLException {
    Map<Long, Long> bytes = new HashMap<>();
    if (sizes) {
      CatalogQuery.forEach(
          connection,
          "table_sizes.sql",
          row -> bytes.put(row.getLong("oid"), row.getLong("bytes")));
    }
    Map<Long, Table> tables = new LinkedHashMap<>();
    CatalogQuery.forEach(
        connection,
        "tables.sql",
        row -> {
          Table t =
              new Table(
                  row.getLong("oid"),
                  row.getLong("row_type"),
                  row.getLong("row_array_type"),
                  row.getString("schema"),
                  row.getString("name"),
                  row.getString("ident"),
                  row.getString("owner"),
                  CatalogQuery.flag(row, "kind"),
                  row.getBoolean("unlogged"),
                  row.getBoolean("partition"),
                  row.getString("partition_key"),
                  row.getString("partition_bound"),
                  CatalogQuery.optionalLong(row, "parent"),
                  row.getString("inherits"),
                  row.getString("options"),
                  row.getString("access_method"),
                  row.getBoolean("row_security"),
                  row.getBoolean("force_row_security"),
                  CatalogQuery.flag(row, "replica_identity"),
                  bytes.getOrDefault(row.getLong("oid"), 0L));
          tables.put(t.oid(), t);
        });
    return tables;
  }

  /**
   * Adds the tables and what goes with them to {@code model}.
   *
   * @param copies whether to list the tables whose rows a dump copies (else the result is empty)
   */
  static List<Copied> addObjects(
      DumpModel model,
      Map<Long, Table> tables,
      Map<Long, List<Column>> columns,
      List<Sequence> sequences,
      Map<Long, List<TableConstraint>> inlineChecks,
      boolean copies) {
    Map<CatalogId, Sequence> identities = new LinkedHashMap<>();
    for (Sequence s : sequences) {
      if (s.isIdentity()) identities.put(CatalogId.column(s.ownerTable(), s.ownerColumn()), s);
    }
    List<Copied> copied = new ArrayList<>();
    for (Table t : tables.values()) {
      List<Column> own = columns.getOrDefault(t.oid(), List.of());
      List<TableConstraint> checks = inlineChecks.getOrDefault(t.oid(), List.of());
      DumpObject table = addTable(model, t, own, checks, identities);
      if (t.partition() && tables.containsKey(t.parent())) {
        Table parent = tables.get(t.parent());
        model.add(
            new DumpObject(
                    Kind.TABLE_ATTACH,
                    t.schema(),
                    t.name(),
                    List.of(
                        "ALTER TABLE ONLY "
                            + parent.ident()
                            + " ATTACH PARTITION "
                            + t.ident()
                            + " "
                            + t.partitionBound()))
                .drops(List.of("ALTER TABLE " + parent.ident() + " DETACH PARTITION " + t.ident()))
                .requires(t.id())
                .requires(parent.id()));
      }
      addSettings(model, t);
      if (copies && t.kind() == 'r') {
        List<String> copyColumns =
            own.stream().filter(c -> c.generated() == 0).map(Column::ident).toList();
        copied.add(new Copied(table, new TableData(t.schema(), t.name(), copyColumns, t.bytes())));
      }
    }
    return copied;
  }

  private static DumpObject addTable(
      DumpModel model,
      Table t,
      List<Column> columns,
      List<TableConstraint> checks,
      Map<CatalogId, Sequence> identities) {
    Set<CatalogId> detached = new HashSet<>();
    DumpObject table =
        new DumpObject(
                Kind.TABLE,
                t.schema(),
                t.name(),
                () -> statements(t, columns, checks, identities, detached))
            .covers(t.id())
            .covers(CatalogId.type(t.rowType()))
            .covers(CatalogId.type(t.rowArrayType()))
            .owner("TABLE " + t.ident(), t.owner())
            .detail(new TableShape(t, columns, checks, identitiesOf(columns, identities)));
    model.add(table);
    model.name(t.id(), table, "TABLE " + t.ident(), "TABLE " + t.ident());
    DumpModel.ColumnNames names =
        model.nameColumns(t.oid(), table, t.ident(), "TABLE " + t.ident(), columns);
    for (Column c : columns) {
      names.next();
      Sequence identity = identities.get(c.id());
      if (identity != null) {
        CatalogId sequence = CatalogId.relation(identity.oid());
        table.covers(sequence);
        model.name(sequence, table, "SEQUENCE " + identity.ident(), "SEQUENCE " + identity.ident());
      }
      if (c.defaultOid() == null) continue;
      CatalogId def = CatalogId.columnDefault(c.defaultOid());
      table.covers(def);
      if (c.generated() == 0 && c.identity() == 0) {
        table.detachable(
            def,
            () -> {
              detached.add(def);
              return new DumpObject(
                      Kind.COLUMN_DEFAULT,
                      t.schema(),
                      t.name() + " " + c.name(),
                      List.of(setDefault(t, c)))
                  .drops(
                      List.of(
                          "ALTER TABLE ONLY "
                              + t.ident()
                              + " ALTER COLUMN "
                              + c.ident()
                              + " DROP DEFAULT"))
                  .requires(t.id());
            });
      }
    }
    for (TableConstraint check : checks) {
      table.covers(check.id());
      model.name(check.id(), table, "CONSTRAINT " + check.ident() + " ON " + t.ident(), null);
      table.detachable(
          check.id(),
          () -> {
            detached.add(check.id());
            return new DumpObject(
                    Kind.CONSTRAINT,
                    t.schema(),
                    t.name() + " " + check.name(),
                    List.of("ALTER TABLE " + t.ident() + " ADD " + check.declaration()))
                .drops(List.of("ALTER TABLE " + t.ident() + " DROP CONSTRAINT " + check.ident()))
                .requires(t.id());
          });
    }
    return table;
  }

  private static Map<CatalogId, Sequence> identitiesOf(
      List<Column> columns, Map<CatalogId, Sequence> identities) {
    Map<CatalogId, Sequence> own = new LinkedHashMap<>();
    for (Column c : columns) {
      Sequence s = identities.get(c.id());
      if (s != null) own.put(c.id(), s);
    }
    return own;
  }

  private static List<String> statements(
      Table t,
      List<Column> columns,
      List<TableConstraint> checks,
      Map<CatalogId, Sequence> identities,
      Set<CatalogId> detached) {
    // Inheritance children declare only their own columns; a partition declares all of its
    // columns, which ATTACH PARTITION matches by name.
    boolean inherits = t.inherits() != null;
    List<String> after = new ArrayList<>();
    // Written straight into one builder: every table of every schema a diff reads is rendered.
    StringBuilder ddl = new StringBuilder(64 + 48 * columns.size()).append("CREATE ");
    if (t.unlogged()) ddl.append("UNLOGGED ");
    ddl.append("TABLE ").append(t.ident()).append(" (");
    int lines = 0;
    for (Column c : columns) {
      boolean defaultKept =
          c.defaultOid() != null
              && (detached.isEmpty()
                  || !detached.contains(CatalogId.columnDefault(c.defaultOid())));
      if (inherits && !c.local()) {
        // An inherited column gets the parent's default and NOT NULL; restate this table's own.
        if (defaultKept && c.generated() == 0) after.add(setDefault(t, c));
        if (c.notNull())
          after.add(
              "ALTER TABLE ONLY " + t.ident() + " ALTER COLUMN " + c.ident() + " SET NOT NULL");
        continue;
      }
      Sequence identity = identities.isEmpty() ? null : identities.get(c.id());
      appendDefinition(ddl.append(lines++ == 0 ? "\n    " : ",\n    "), c, identity, defaultKept);
    }
    for (TableConstraint check : checks) {
      if (detached.contains(check.id())) continue;
      ddl.append(lines++ == 0 ? "\n    " : ",\n    ").append(check.declaration());
    }
    if (lines > 0) ddl.append('\n');
    ddl.append(')');
    if (inherits) ddl.append(" INHERITS (").append(t.inherits()).append(')');
    if (t.partitionKey() != null) ddl.append(" PARTITION BY ").append(t.partitionKey());
    if (t.accessMethod() != null) ddl.append(" USING ").append(t.accessMethod());
    if (t.options() != null) ddl.append(" WITH (").append(t.options()).append(')');
    List<String> statements = new ArrayList<>();
    statements.add(ddl.toString());
    statements.addAll(after);
    return statements;
  }

  /**
   * A column as CREATE TABLE (or ALTER TABLE ... ADD COLUMN) declares it: name, type, collation,
   * generation, identity or default, NOT NULL.
   */
  static String definition(Column c, Sequence identity, boolean withDefault) {
    return appendDefinition(new StringBuilder(), c, identity, withDefault).toString();
  }

  private static StringBuilder appendDefinition(
      StringBuilder line, Column c, Sequence identity, boolean withDefault) {
    line.append(c.ident()).append(' ').append(c.type());
    if (c.collation() != null) line.append(" COLLATE ").append(c.collation());
    if (c.generated() != 0) {
      // 's' STORED; PostgreSQL 18 adds 'v' VIRTUAL.
      line.append(" GENERATED ALWAYS AS (")
          .append(c.defaultExpr())
          .append(c.generated() == 'v' ? ") VIRTUAL" : ") STORED");
    } else if (c.identity() != 0 && identity != null) {
      // A partition's identity column (PostgreSQL 17) has no sequence of its own: it uses the
      // parent's, and ATTACH PARTITION makes the column an identity column.
      line.append(identityClause(c, identity));
    } else if (withDefault) {
      line.append(" DEFAULT ").append(c.defaultExpr());
    }
    if (c.notNull()) line.append(" NOT NULL");
    return line;
  }

  static String identityClause(Column c, Sequence identity) {
    return (c.identity() == 'a' ? " GENERATED ALWAYS" : " GENERATED BY DEFAULT")
        + " AS IDENTITY ("
        + identity.identityOptions()
        + ")";
  }

  private static String setDefault(Table t, Column c) {
    return "ALTER TABLE ONLY "
        + t.ident()
        + " ALTER COLUMN "
        + c.ident()
        + " SET DEFAULT "
        + c.defaultExpr();
  }

  /** Row-level security and a replica identity that needs no index, after the data. */
  private static void addSettings(DumpModel model, Table t) {
    List<String> security = new ArrayList<>();
    if (t.rowSecurity()) security.add("ALTER TABLE " + t.ident() + " ENABLE ROW LEVEL SECURITY");
    if (t.forceRowSecurity())
      security.add("ALTER TABLE " + t.ident() + " FORCE ROW LEVEL SECURITY");
    if (!security.isEmpty()) {
      model.add(
          new DumpObject(Kind.ROW_SECURITY, t.schema(), t.name(), security)
              .drops(
                  List.of(
                      "ALTER TABLE " + t.ident() + " NO FORCE ROW LEVEL SECURITY",
                      "ALTER TABLE " + t.ident() + " DISABLE ROW LEVEL SECURITY"))
              .requires(t.id()));
    }
    String identity =
        switch (t.replicaIdentity()) {
          case 'f' -> "FULL";
          case 'n' -> "NOTHING";
          default -> null;
        };
    if (identity != null) {
      model.add(
          new DumpObject(
                  Kind.TABLE_SETTING,
                  t.schema(),
                  t.name() + " replica identity",
                  List.of("ALTER TABLE ONLY " + t.ident() + " REPLICA IDENTITY " + identity))
              .drops(List.of("ALTER TABLE ONLY " + t.ident() + " REPLICA IDENTITY DEFAULT"))
              .requires(t.id()));
    }
  }
}

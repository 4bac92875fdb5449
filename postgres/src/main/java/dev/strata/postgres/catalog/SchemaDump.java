package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the schema of a database from its catalogs, as the DDL that recreates it: what pg_dump
 * --schema-only writes, without pg_dump (whose version must not be older than the server's). Each
 * object kind is read by one set-based query, kept as a {@code .sql} resource beside its reader;
 * the objects are ordered by their pg_depend dependencies ({@link DependencyGraph}). Needs
 * PostgreSQL 13 or later.
 *
 * <p>Not dumped: event triggers, foreign data wrappers, servers, user mappings and foreign tables,
 * publications and subscriptions, large objects, tablespaces, user-defined casts, operators,
 * operator classes and families, conversions, text search objects, transforms, procedural languages
 * outside extensions, security labels, changes to objects that belong to an extension (and the rows
 * of extension configuration tables), and the version of each extension (the restore installs the
 * default one). Tables and indexes are restored into the default tablespace.
 */
public final class SchemaDump {
  private SchemaDump() {}

  /**
   * Reads the schema of the connected database. The caller may be inside a REPEATABLE READ snapshot
   * transaction; it is neither committed nor rolled back. The search path is empty while reading,
   * so that the server's pg_get_*def functions qualify every name, and is restored after.
   */
  public static SchemaScript read(Connection connection) throws SQLException {
    Catalog catalog = readCatalog(connection, true);
    return script(catalog.order(), catalog.copied(), catalog.defaultPrivileges(), catalog.values());
  }

  /**
   * What the readers found, ordered. {@code copied}, {@code defaultPrivileges} and {@code values}
   * are empty unless read for a dump.
   */
  record Catalog(
      DependencyGraph.Order order,
      List<TableReader.Copied> copied,
      List<String> defaultPrivileges,
      List<SequenceValue> values) {}

  /**
   * Reads the objects of the connected database, in dependency order, with the search path empty
   * (see {@link #read}).
   *
   * @param dump whether the catalog is for a dump: with privileges and what copying the rows needs
   *     (the tables to copy, their sizes, sequence values). A diff leaves them out.
   */
  static Catalog readCatalog(Connection connection, boolean dump) throws SQLException {
    // In a transaction the setting is local to it (and restored before returning all the same);
    // in autocommit a local setting would end with the statement that made it.
    boolean local = !connection.getAutoCommit();
    String previous = single(connection, "SELECT pg_catalog.current_setting('search_path')");
    setSearchPath(connection, "", local);
    Catalog catalog;
    try {
      catalog = readObjects(connection, dump);
    } catch (SQLException | RuntimeException e) {
      try {
        setSearchPath(connection, previous, local);
      } catch (SQLException restore) {
        e.addSuppressed(restore); // the transaction has failed; its end restores the setting
      }
      throw e;
    }
    setSearchPath(connection, previous, local);
    return catalog;
  }

  private static Catalog readObjects(Connection connection, boolean dump) throws SQLException {
    DumpModel model = new DumpModel();
    SchemaReader.read(connection, model);
    CollationReader.read(connection, model);
    ExtensionReader.read(connection, model);
    Map<Long, List<Column>> columns = ColumnReader.read(connection);
    TypeReader.read(connection, model, columns);
    List<Sequence> sequences = SequenceReader.read(connection);
    SequenceReader.addObjects(model, sequences);
    Map<Long, Table> tables = TableReader.read(connection, dump);
    ConstraintReader.Result constraints = ConstraintReader.read(connection, model, tables);
    List<TableReader.Copied> copied =
        TableReader.addObjects(model, tables, columns, sequences, constraints.inlineChecks(), dump);
    ViewReader.read(connection, model, columns);
    FunctionReader.read(connection, model);
    IndexReader.read(connection, model, constraints.indexOwners());
    TriggerReader.read(connection, model);
    PolicyReader.read(connection, model);
    RuleReader.read(connection, model);
    StatisticsReader.read(connection, model);
    CommentReader.read(connection, model);
    List<String> defaultPrivileges = List.of();
    List<SequenceValue> values = List.of();
    if (dump) {
      PrivilegeReader.read(connection, model);
      defaultPrivileges = PrivilegeReader.defaultPrivileges(connection);
      values = SequenceValueReader.read(connection, sequences);
    }

    DependencyGraph.Order order =
        DependencyGraph.order(model.objects(), DependencyReader.read(connection));
    return new Catalog(order, copied, defaultPrivileges, values);
  }

  private static SchemaScript script(
      DependencyGraph.Order order,
      List<TableReader.Copied> copied,
      List<String> defaultPrivileges,
      List<SequenceValue> values) {
    List<DumpObject> all = new ArrayList<>(order.preData());
    all.addAll(order.postData());
    Map<DumpObject, Integer> position = new HashMap<>();
    for (DumpObject o : all) position.put(o, position.size());

    List<String> pre = new ArrayList<>();
    for (DumpObject o : order.preData()) pre.addAll(flattened(o.statements()));

    // Comments after every object they could name; materialized views are refreshed last, in
    // the order they were created, which puts those another one reads first.
    List<String> post = new ArrayList<>();
    List<DumpObject> refreshes = new ArrayList<>();
    for (DumpObject o : order.postData()) {
      if (o.kind() == Kind.REFRESH) refreshes.add(o);
      else post.addAll(flattened(o.statements()));
    }
    for (DumpObject o : all) post.addAll(o.comments());
    refreshes.sort(Comparator.comparingInt(r -> position.get(r.subject())));
    for (DumpObject r : refreshes) post.addAll(r.statements());

    List<String> ownership = new ArrayList<>();
    for (DumpObject o : all) {
      if (o.ownerStatement() != null) ownership.add(o.ownerStatement());
      ownership.addAll(o.privileges());
    }
    ownership.addAll(defaultPrivileges);

    List<TableData> tables =
        copied.stream()
            .sorted(Comparator.comparingInt(c -> position.get(c.object())))
            .map(TableReader.Copied::data)
            .toList();
    return new SchemaScript(pre, post, ownership, tables, values);
  }

  /** See {@link NestedBooleans}: the text a restored database will print. */
  static List<String> flattened(List<String> statements) {
    List<String> flat = new ArrayList<>(statements.size());
    for (String statement : statements) flat.add(NestedBooleans.flatten(statement));
    return Collections.unmodifiableList(flat);
  }

  private static void setSearchPath(Connection connection, String value, boolean local)
      throws SQLException {
    single(
        connection,
        "SELECT pg_catalog.set_config('search_path', " + literal(value) + ", " + local + ")");
  }

  private static String literal(String value) {
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

package dev.strata.postgres.review;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tables of a database at one moment: each table's storage file (which a rewrite replaces) and
 * its columns. Compared before and after a statement, it says what the statement rewrote and what
 * it removed. Keyed by oid, so a rename is not mistaken for a drop.
 */
record CatalogState(Map<Long, TableState> tables) {

  /**
   * @param name {@code schema.table} as the catalog spells it
   * @param quoted the same, quoted for SQL
   */
  record TableState(String name, String quoted, long relfilenode, Set<String> columns) {}

  private static final String QUERY =
      """
      SELECT c.oid, n.nspname || '.' || c.relname, c.relfilenode,
             quote_ident(n.nspname) || '.' || quote_ident(c.relname),
             a.attname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p', 'm')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%'
         AND n.nspname NOT LIKE 'pg\\_temp%'
      """;

  static CatalogState read(Connection connection) throws SQLException {
    Map<Long, String> names = new HashMap<>();
    Map<Long, String> quoted = new HashMap<>();
    Map<Long, Long> files = new HashMap<>();
    Map<Long, Set<String>> columns = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(QUERY)) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        names.put(oid, rs.getString(2));
        files.put(oid, rs.getLong(3));
        quoted.put(oid, rs.getString(4));
        Set<String> cols = columns.computeIfAbsent(oid, k -> new HashSet<>());
        if (rs.getString(5) != null) cols.add(rs.getString(5));
      }
    }
    Map<Long, TableState> tables = new HashMap<>();
    names.forEach(
        (oid, name) ->
            tables.put(
                oid, new TableState(name, quoted.get(oid), files.get(oid), columns.get(oid))));
    return new CatalogState(tables);
  }
}

package dev.strata.postgres.review;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
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
   * @param columnList the column names in order, joined by {@link #SEPARATOR}: compared whole,
   *     split only for a table whose columns changed
   */
  record TableState(String name, String quoted, long relfilenode, String columnList) {
    Set<String> columns() {
      return columnList.isEmpty() ? Set.of() : Set.of(columnList.split(SEPARATOR));
    }
  }

  /** A character no column name holds. */
  private static final String SEPARATOR = "\u0001";

  // Read after every observed statement: the server joins the column names of each table, so a
  // schema of thousands of columns travels as one row per table.
  private static final String QUERY =
      """
      SELECT c.oid, n.nspname || '.' || c.relname, c.relfilenode,
             quote_ident(n.nspname) || '.' || quote_ident(c.relname),
             coalesce((SELECT string_agg(a.attname, chr(1) ORDER BY a.attnum)
                         FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'm')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%'
         AND n.nspname NOT LIKE 'pg\\_temp%'
      """;

  static CatalogState read(Connection connection) throws SQLException {
    Map<Long, TableState> tables = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(QUERY)) {
      while (rs.next()) {
        tables.put(
            rs.getLong(1),
            new TableState(rs.getString(2), rs.getString(4), rs.getLong(3), rs.getString(5)));
      }
    }
    return new CatalogState(tables);
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** PLACEHOLDER until the catalog reader lands: plain tables only. */
public final class SchemaDump {
  public static SchemaScript read(Connection connection) throws SQLException {
    List<String> pre = new ArrayList<>();
    List<TableData> tables = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname, c.relname, string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum),"
                    + " array_to_string(array_agg(quote_ident(a.attname) ORDER BY a.attnum), ','), pg_relation_size(c.oid)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                    + " GROUP BY n.nspname, c.relname, c.oid ORDER BY 1, 2")) {
      while (rs.next()) {
        TableData t =
            new TableData(
                rs.getString(1),
                rs.getString(2),
                List.of(rs.getString(4).split(",")),
                rs.getLong(5));
        pre.add("CREATE TABLE " + t.qualifiedName() + " (" + rs.getString(3) + ")");
        tables.add(t);
      }
    }
    return new SchemaScript(pre, List.of(), List.of(), tables, List.of());
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the columns of all user relations at once, for the readers of each relation kind. */
final class ColumnReader {
  private ColumnReader() {}

  /** Columns by relation oid, in column-number order. */
  static Map<Long, List<Column>> read(Connection connection) throws SQLException {
    Map<Long, List<Column>> columns = new HashMap<>();
    // Kept for the whole read: one copy of each type name, and the name as its own quoted form
    // when it needs no quotes.
    Map<String, String> types = new HashMap<>();
    CatalogQuery.forAll(
        connection,
        "columns.sql",
        row -> {
          while (row.next()) {
            String name = row.getString("name");
            String ident = row.getString("ident");
            Column c =
                new Column(
                    row.getLong("relid"),
                    row.getInt("attnum"),
                    name,
                    ident.equals(name) ? name : ident,
                    types.computeIfAbsent(row.getString("type"), k -> k),
                    row.getString("collation"),
                    row.getBoolean("not_null"),
                    CatalogQuery.flag(row, "identity"),
                    CatalogQuery.flag(row, "generated"),
                    row.getBoolean("local"),
                    CatalogQuery.optionalLong(row, "default_oid"),
                    row.getString("default_expr"));
            columns.computeIfAbsent(c.relid(), k -> new ArrayList<>()).add(c);
          }
        });
    return columns;
  }
}

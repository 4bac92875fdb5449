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
    CatalogQuery.forEach(
        connection,
        "columns.sql",
        row -> {
          Column c =
              new Column(
                  row.getLong("relid"),
                  row.getInt("attnum"),
                  row.getString("name"),
                  row.getString("ident"),
                  row.getString("type"),
                  row.getString("collation"),
                  row.getBoolean("not_null"),
                  CatalogQuery.flag(row, "identity"),
                  CatalogQuery.flag(row, "generated"),
                  row.getBoolean("local"),
                  CatalogQuery.optionalLong(row, "default_oid"),
                  row.getString("default_expr"));
          columns.computeIfAbsent(c.relid(), k -> new ArrayList<>()).add(c);
        });
    return columns;
  }
}

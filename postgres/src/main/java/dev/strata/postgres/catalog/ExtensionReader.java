package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Extensions, as {@code CREATE EXTENSION IF NOT EXISTS}: their member objects are created by the
 * extension and are not dumped (nor are changes to them, such as grants on their functions, or the
 * rows of their configuration tables).
 */
final class ExtensionReader {
  private ExtensionReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "extensions.sql",
        row -> {
          String name = row.getString("name");
          CatalogId id = CatalogId.extension(row.getLong("oid"));
          DumpObject extension =
              model.add(
                  new DumpObject(Kind.EXTENSION, "", name, List.of(row.getString("ddl")))
                      .covers(id));
          model.name(id, extension, "EXTENSION " + row.getString("ident"), null);
        });
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Schemas. {@code public} exists in every new database, so it is never created; its owner is
 * changed only when it is not the default one (pg_database_owner, or the bootstrap superuser before
 * PostgreSQL 15). Dropping {@code public} is not reproduced: a restored database has it.
 */
final class SchemaReader {
  private SchemaReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "schemas.sql",
        row -> {
          String name = row.getString("name");
          String ident = row.getString("ident");
          boolean isPublic = name.equals("public");
          CatalogId id = CatalogId.namespace(row.getLong("oid"));
          DumpObject schema =
              new DumpObject(
                  Kind.SCHEMA, "", name, isPublic ? List.of() : List.of("CREATE SCHEMA " + ident));
          schema.covers(id);
          if (!isPublic || !row.getBoolean("default_owner")) {
            schema.owner("SCHEMA " + ident, row.getString("owner"));
          }
          model.add(schema);
          model.name(id, schema, "SCHEMA " + ident, "SCHEMA " + ident);
        });
  }
}

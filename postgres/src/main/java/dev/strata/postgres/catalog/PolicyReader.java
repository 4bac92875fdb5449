package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Row-level security policies (the ENABLE and FORCE switches are the table's, see {@link
 * TableReader}).
 */
final class PolicyReader {
  private PolicyReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "policies.sql",
        row -> {
          CatalogId id = new CatalogId("pg_policy", row.getLong("oid"));
          DumpObject policy =
              model.add(
                  new DumpObject(
                          Kind.POLICY,
                          row.getString("schema"),
                          row.getString("table_name") + " " + row.getString("name"),
                          List.of(row.getString("def")))
                      .covers(id)
                      .requires(CatalogId.relation(row.getLong("relid"))));
          model.name(
              id,
              policy,
              "POLICY " + row.getString("ident") + " ON " + row.getString("table_ident"),
              null);
        });
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Extended statistics objects (CREATE STATISTICS), after the data like indexes. */
final class StatisticsReader {
  private StatisticsReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "statistics.sql",
        row -> {
          String ident = row.getString("ident");
          CatalogId id = new CatalogId("pg_statistic_ext", row.getLong("oid"));
          DumpObject statistics =
              model.add(
                  new DumpObject(
                          Kind.STATISTICS,
                          row.getString("schema"),
                          row.getString("name"),
                          List.of(row.getString("def")))
                      .covers(id)
                      .requires(CatalogId.relation(row.getLong("relid")))
                      .owner("STATISTICS " + ident, row.getString("owner")));
          model.name(id, statistics, "STATISTICS " + ident, null);
        });
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pg_depend rows among user objects, for {@link DependencyGraph}. */
final class DependencyReader {
  private DependencyReader() {}

  static List<DependencyGraph.Dependency> read(Connection connection) throws SQLException {
    List<DependencyGraph.Dependency> dependencies = new ArrayList<>();
    // A few catalog names repeat over tens of thousands of rows: keep one copy of each.
    Map<String, String> catalogs = new HashMap<>();
    CatalogQuery.forAll(
        connection,
        "dependencies.sql",
        row -> {
          while (row.next()) {
            dependencies.add(
                new DependencyGraph.Dependency(
                    new CatalogId(
                        catalogs.computeIfAbsent(row.getString("catalog"), k -> k),
                        row.getLong("oid")),
                    new CatalogId(
                        catalogs.computeIfAbsent(row.getString("ref_catalog"), k -> k),
                        row.getLong("ref_oid")),
                    CatalogQuery.flag(row, "type")));
          }
        });
    return dependencies;
  }
}

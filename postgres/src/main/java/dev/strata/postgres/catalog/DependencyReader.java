package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The pg_depend rows among user objects, for {@link DependencyGraph}. */
final class DependencyReader {
  private DependencyReader() {}

  static List<DependencyGraph.Dependency> read(Connection connection) throws SQLException {
    List<DependencyGraph.Dependency> dependencies = new ArrayList<>();
    CatalogQuery.forEach(
        connection,
        "dependencies.sql",
        row ->
            dependencies.add(
                new DependencyGraph.Dependency(
                    new CatalogId(row.getString("catalog"), row.getLong("oid")),
                    new CatalogId(row.getString("ref_catalog"), row.getLong("ref_oid")),
                    CatalogQuery.flag(row, "type"))));
    return dependencies;
  }
}

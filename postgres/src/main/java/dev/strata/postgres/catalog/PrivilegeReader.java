package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * GRANT and REVOKE statements that turn a new object's privileges into the dumped object's:
 * schemas, tables, views, sequences, columns, functions and types. Also the database's {@code ALTER
 * DEFAULT PRIVILEGES}. Who granted a privilege is not kept (the restoring user grants everything).
 */
final class PrivilegeReader {
  private PrivilegeReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    record Found(DumpModel.Target target, int row, String statement) {}
    List<Found> found = new ArrayList<>();
    CatalogQuery.forEach(
        connection,
        "privileges.sql",
        row -> {
          CatalogId id =
              new CatalogId(row.getString("catalog"), row.getLong("oid"), row.getInt("sub_id"));
          DumpModel.Target target = model.target(id).orElse(null);
          if (target == null || target.grant() == null) return;
          boolean grant = row.getString("action").equals("GRANT");
          String privileges = row.getString("privileges");
          if (target.column() != null) {
            // Column privileges name the column after each privilege.
            privileges =
                Arrays.stream(privileges.split(", "))
                    .map(p -> p + " (" + target.column() + ")")
                    .collect(Collectors.joining(", "));
          }
          String statement =
              (grant ? "GRANT " : "REVOKE ")
                  + privileges
                  + " ON "
                  + target.grant()
                  + (grant ? " TO " : " FROM ")
                  + row.getString("grantee")
                  + (grant && row.getBoolean("grantable") ? " WITH GRANT OPTION" : "");
          found.add(new Found(target, found.size(), statement));
        });
    // Within an object, the query's order: REVOKE before GRANT, then by grantee.
    found.sort(
        Comparator.comparingInt((Found f) -> f.target().order()).thenComparingInt(Found::row));
    for (Found f : found) f.target().object().addPrivilege(f.statement());
  }

  /** {@code ALTER DEFAULT PRIVILEGES} statements, in role, schema and object type order. */
  static List<String> defaultPrivileges(Connection connection) throws SQLException {
    List<String> statements = new ArrayList<>();
    CatalogQuery.forEach(
        connection, "default_privileges.sql", row -> statements.add(row.getString("ddl")));
    return statements;
  }
}

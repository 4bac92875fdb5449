package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Functions and procedures from pg_get_functiondef (whatever their language, SQL-standard {@code
 * BEGIN ATOMIC} bodies included), and aggregates rebuilt from pg_aggregate.
 */
final class FunctionReader {
  private FunctionReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    CatalogQuery.forEach(
        connection,
        "functions.sql",
        row -> {
          String word = "p".equals(row.getString("kind")) ? "PROCEDURE" : "FUNCTION";
          add(
              model,
              Kind.FUNCTION,
              row.getLong("oid"),
              row.getString("schema"),
              row.getString("name"),
              row.getString("signature"),
              row.getString("owner"),
              // pg_get_functiondef ends with a newline; a body never ends with a semicolon.
              row.getString("def").stripTrailing(),
              word,
              word);
        });
    CatalogQuery.forEach(
        connection,
        "aggregates.sql",
        row ->
            add(
                model,
                Kind.AGGREGATE,
                row.getLong("oid"),
                row.getString("schema"),
                row.getString("name"),
                row.getString("signature"),
                row.getString("owner"),
                row.getString("def"),
                "AGGREGATE",
                "FUNCTION"));
  }

  private static void add(
      DumpModel model,
      Kind kind,
      long oid,
      String schema,
      String name,
      String signature,
      String owner,
      String ddl,
      String word,
      String grantWord) {
    CatalogId id = CatalogId.function(oid);
    // Overloads share a name: the signature (from its "(") keeps their order stable.
    String sortName = name + signature.substring(signature.lastIndexOf('('));
    DumpObject function =
        model.add(
            new DumpObject(kind, schema, sortName, List.of(ddl))
                .covers(id)
                .owner(word + " " + signature, owner));
    model.name(id, function, word + " " + signature, grantWord + " " + signature);
  }
}

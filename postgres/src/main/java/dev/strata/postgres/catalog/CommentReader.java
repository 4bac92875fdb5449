package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COMMENT ON statements for every dumped object that has a comment: schemas, extensions,
 * collations, types, domains and their constraints, tables, views and their columns, constraints,
 * indexes, sequences, functions, triggers, policies, rules and statistics. Each goes to the object
 * it names, so the comments come out in the objects' order.
 */
final class CommentReader {
  private CommentReader() {}

  static void read(Connection connection, DumpModel model) throws SQLException {
    record Found(DumpModel.Target target, String statement) {}
    List<Found> found = new ArrayList<>();
    CatalogQuery.forEach(
        connection,
        "comments.sql",
        row -> {
          CatalogId id =
              new CatalogId(row.getString("catalog"), row.getLong("oid"), row.getInt("sub_id"));
          DumpModel.Target target = model.target(id).orElse(null);
          if (target == null) return; // not a dumped object, or a member of an extension
          found.add(
              new Found(target, "COMMENT ON " + target.comment() + " IS " + row.getString("text")));
        });
    found.sort(Comparator.comparingInt(f -> f.target().order()));
    for (Found f : found) f.target().object().addComment(f.statement());
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Indexes that no constraint creates, from pg_get_indexdef, plus what any index can carry: its
 * place in a partitioned index, CLUSTER ON and REPLICA IDENTITY USING INDEX.
 *
 * <p>An index of a partitioned table is created {@code ON ONLY} the parent (pg_get_indexdef says
 * so), each partition's index is created under its own name, and {@code ALTER INDEX parent ATTACH
 * PARTITION child} joins them, as pg_dump does: creating the parent's index without ONLY would make
 * a second, automatically named index on every partition.
 */
final class IndexReader {
  private IndexReader() {}

  static void read(Connection connection, DumpModel model, Map<Long, DumpObject> constraintIndexes)
      throws SQLException {
    CatalogQuery.forAll(
        connection,
        "indexes.sql",
        row -> {
          while (row.next()) {
            long oid = row.getLong("oid");
            CatalogId id = CatalogId.relation(oid);
            String schema = row.getString("schema");
            String name = row.getString("name");
            String ident = row.getString("ident");
            String table = row.getString("table_ident");
            CatalogId tableId = CatalogId.relation(row.getLong("relid"));
            DumpObject index = constraintIndexes.get(oid);
            if (!row.getBoolean("constraint_backed")) {
              index =
                  model.add(
                      new DumpObject(Kind.INDEX, schema, name, List.of(row.getString("def")))
                          .covers(id)
                          .requires(tableId));
            }
            if (index == null) continue;
            model.name(id, index, "INDEX " + ident, null);
            Long parent = CatalogQuery.optionalLong(row, "parent_index");
            if (parent != null) {
              model.add(
                  new DumpObject(
                          Kind.INDEX_ATTACH,
                          schema,
                          name,
                          List.of(
                              "ALTER INDEX "
                                  + row.getString("parent_index_ident")
                                  + " ATTACH PARTITION "
                                  + ident))
                      .requires(id)
                      .requires(CatalogId.relation(parent)));
            }
            // CLUSTER ON and REPLICA IDENTITY USING INDEX take the index name unqualified: an index
            // is always in its table's schema.
            if (row.getBoolean("clustered")) {
              model.add(
                  new DumpObject(
                          Kind.TABLE_SETTING,
                          schema,
                          row.getString("table_name") + " cluster",
                          List.of(
                              "ALTER TABLE "
                                  + table
                                  + " CLUSTER ON "
                                  + row.getString("unqualified_ident")))
                      .drops(List.of("ALTER TABLE " + table + " SET WITHOUT CLUSTER"))
                      .requires(id));
            }
            if (row.getBoolean("replica_identity")) {
              model.add(
                  new DumpObject(
                          Kind.TABLE_SETTING,
                          schema,
                          row.getString("table_name") + " replica identity",
                          List.of(
                              "ALTER TABLE ONLY "
                                  + table
                                  + " REPLICA IDENTITY USING INDEX "
                                  + row.getString("unqualified_ident")))
                      .drops(List.of("ALTER TABLE ONLY " + table + " REPLICA IDENTITY DEFAULT"))
                      .requires(id));
            }
          }
        });
  }
}

package dev.strata.postgres.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table constraints. Valid CHECKs are declared in CREATE TABLE (a partition declares its parent's
 * too: ATTACH PARTITION requires them); everything else is added after the data: primary keys,
 * unique and exclusion constraints with {@code ALTER TABLE ONLY}, then foreign keys, and NOT VALID
 * checks, which stay NOT VALID.
 *
 * <p>A partition's primary key or unique constraint is added to the partition itself and its index
 * attached to the parent's (see {@link IndexReader}), as pg_dump does, so names are kept. Foreign
 * keys and NOT VALID checks a partition (or an inheritance child) got from its parent come back
 * when the parent's are added, so only the parent's are dumped.
 */
final class ConstraintReader {
  private ConstraintReader() {}

  /**
   * What the table and index readers need.
   *
   * @param inlineChecks CHECKs to declare in CREATE TABLE, by table oid
   * @param indexOwners for each index behind a constraint, the constraint's object
   */
  record Result(Map<Long, List<TableConstraint>> inlineChecks, Map<Long, DumpObject> indexOwners) {}

  static Result read(Connection connection, DumpModel model, Map<Long, Table> tables)
      throws SQLException {
    Map<Long, List<TableConstraint>> inline = new HashMap<>();
    Map<Long, DumpObject> indexOwners = new HashMap<>();
    CatalogQuery.forAll(
        connection,
        "constraints.sql",
        row -> {
          while (row.next()) {
            TableConstraint c =
                new TableConstraint(
                    row.getLong("oid"),
                    row.getLong("relid"),
                    row.getString("name"),
                    row.getString("ident"),
                    CatalogQuery.flag(row, "type"),
                    row.getString("def"),
                    row.getBoolean("validated"),
                    row.getBoolean("local"),
                    row.getBoolean("cloned"),
                    CatalogQuery.optionalLong(row, "index_oid"),
                    row.getString("index_ident"));
            Table table = tables.get(c.relid());
            if (table == null) continue;
            if (c.type() == 'c') {
              if (c.validated() && (c.local() || table.partition())) {
                inline.computeIfAbsent(c.relid(), k -> new ArrayList<>()).add(c);
              } else if (!c.validated() && c.local()) {
                // Without ONLY: a partitioned table refuses ONLY here, and inheritance children
                // had the constraint too.
                add(model, table, c, Kind.CONSTRAINT, "ALTER TABLE ");
              }
            } else if (c.type() == 'f') {
              if (!c.cloned()) {
                // A partitioned table's foreign key cannot be added with ONLY; it reaches the
                // partitions.
                add(
                    model,
                    table,
                    c,
                    Kind.FOREIGN_KEY,
                    table.isPartitioned() ? "ALTER TABLE " : "ALTER TABLE ONLY ");
              }
            } else {
              DumpObject object = add(model, table, c, Kind.CONSTRAINT, "ALTER TABLE ONLY ");
              if (c.indexOid() != null) {
                object.covers(CatalogId.relation(c.indexOid()));
                indexOwners.put(c.indexOid(), object);
              }
            }
          }
        });
    return new Result(inline, indexOwners);
  }

  private static DumpObject add(
      DumpModel model, Table table, TableConstraint c, Kind kind, String alter) {
    DumpObject object =
        model.add(
            new DumpObject(
                    kind,
                    table.schema(),
                    table.name() + " " + c.name(),
                    List.of(alter + table.ident() + " ADD " + c.declaration()))
                .covers(c.id())
                .requires(table.id()));
    model.name(c.id(), object, "CONSTRAINT " + c.ident() + " ON " + table.ident(), null);
    return object;
  }
}

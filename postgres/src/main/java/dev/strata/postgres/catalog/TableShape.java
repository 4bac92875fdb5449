package dev.strata.postgres.catalog;

import java.util.List;
import java.util.Map;

/**
 * What a table is made of, kept with its dump object so that a diff can alter the table column by
 * column instead of recreating it.
 *
 * @param checks the valid CHECKs declared in CREATE TABLE
 * @param identities the identity sequences, by the column they belong to
 */
record TableShape(
    Table table,
    List<Column> columns,
    List<TableConstraint> checks,
    Map<CatalogId, Sequence> identities) {

  TableShape {
    columns = List.copyOf(columns);
    checks = List.copyOf(checks);
    identities = Map.copyOf(identities);
  }

  /** A table whose columns belong to it alone: not partitioned, not a partition, no parents. */
  boolean isPlain() {
    return table.kind() == 'r' && !table.partition() && table.inherits() == null;
  }
}

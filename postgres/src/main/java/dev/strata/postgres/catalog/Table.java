package dev.strata.postgres.catalog;

/**
 * An ordinary or partitioned table, as tables.sql reads it.
 *
 * @param kind 'r' ordinary (a leaf partition too), 'p' partitioned
 * @param parent the partitioned table this one is a partition of, or null
 * @param inherits quoted parents of a table that uses (non-partition) inheritance, or null
 * @param options reloptions as {@code name='value', ...}, or null
 * @param replicaIdentity relreplident: 'd' default, 'n' nothing, 'f' full, 'i' index
 * @param bytes the size of its main fork, or 0 when sizes were not read
 */
record Table(
    long oid,
    long rowType,
    long rowArrayType,
    String schema,
    String name,
    String ident,
    String owner,
    char kind,
    boolean unlogged,
    boolean partition,
    String partitionKey,
    String partitionBound,
    Long parent,
    String inherits,
    String options,
    String accessMethod,
    boolean rowSecurity,
    boolean forceRowSecurity,
    char replicaIdentity,
    long bytes) {

  CatalogId id() {
    return CatalogId.relation(oid);
  }

  boolean isPartitioned() {
    return kind == 'p';
  }
}

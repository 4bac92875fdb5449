package dev.strata.postgres.catalog;

/**
 * A constraint of a table.
 *
 * @param type 'c' check, 'p' primary key, 'u' unique, 'x' exclusion, 'f' foreign key
 * @param def pg_get_constraintdef output (with NOT VALID, DEFERRABLE, ...)
 * @param local defined on this table itself, not (only) inherited from a parent
 * @param cloned created on a partition from its parent's constraint (conparentid)
 * @param indexOid the index behind a primary key, unique or exclusion constraint, or null
 */
record TableConstraint(
    long oid,
    long relid,
    String name,
    String ident,
    char type,
    String def,
    boolean validated,
    boolean local,
    boolean cloned,
    Long indexOid,
    String indexIdent) {

  CatalogId id() {
    return CatalogId.constraint(oid);
  }

  /** {@code CONSTRAINT name CHECK (...)}, as CREATE TABLE declares it. */
  String declaration() {
    return "CONSTRAINT " + ident + " " + def;
  }
}

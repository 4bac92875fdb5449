package dev.strata.postgres.catalog;

/**
 * A column of a table, view, materialized view or composite type.
 *
 * @param ident the quoted name
 * @param type {@code format_type} output, schema-qualified for user types
 * @param collation the quoted, qualified collation when it differs from the type's, else null
 * @param identity 'a' (ALWAYS), 'd' (BY DEFAULT) or 0
 * @param generated 's' (STORED), 'v' (VIRTUAL, PostgreSQL 18) or 0
 * @param local false for a column only inherited from a parent table
 * @param defaultOid the pg_attrdef row of the default (or generation expression), or null
 * @param defaultExpr the default or generation expression
 */
record Column(
    long relid,
    int attnum,
    String name,
    String ident,
    String type,
    String collation,
    boolean notNull,
    char identity,
    char generated,
    boolean local,
    Long defaultOid,
    String defaultExpr) {

  CatalogId id() {
    return CatalogId.column(relid, attnum);
  }

  /** {@code name type [COLLATE c]}, as CREATE TYPE ... AS (...) lists attributes. */
  String typed() {
    return ident + " " + type + (collation == null ? "" : " COLLATE " + collation);
  }
}

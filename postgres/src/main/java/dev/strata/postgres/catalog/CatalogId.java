package dev.strata.postgres.catalog;

/**
 * A row of a system catalog as {@code pg_depend} and {@code pg_description} address it: the
 * catalog's name ({@code pg_class}, {@code pg_type}, ...), the row's oid and, for a column, its
 * number.
 */
record CatalogId(String catalog, long oid, int subId) {

  CatalogId(String catalog, long oid) {
    this(catalog, oid, 0);
  }

  // Written out: a dump hashes hundreds of thousands of ids, mostly before the JIT has compiled
  // anything, where the generated record methods are much slower. The oid decides almost always.
  @Override
  public boolean equals(Object other) {
    return other instanceof CatalogId id
        && oid == id.oid
        && subId == id.subId
        && catalog.equals(id.catalog);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(oid) * 31 + subId) * 31 + catalog.hashCode();
  }

  static CatalogId relation(long oid) {
    return new CatalogId("pg_class", oid);
  }

  static CatalogId column(long relationOid, int attnum) {
    return new CatalogId("pg_class", relationOid, attnum);
  }

  static CatalogId type(long oid) {
    return new CatalogId("pg_type", oid);
  }

  static CatalogId function(long oid) {
    return new CatalogId("pg_proc", oid);
  }

  static CatalogId constraint(long oid) {
    return new CatalogId("pg_constraint", oid);
  }

  static CatalogId namespace(long oid) {
    return new CatalogId("pg_namespace", oid);
  }

  static CatalogId extension(long oid) {
    return new CatalogId("pg_extension", oid);
  }

  static CatalogId columnDefault(long oid) {
    return new CatalogId("pg_attrdef", oid);
  }
}

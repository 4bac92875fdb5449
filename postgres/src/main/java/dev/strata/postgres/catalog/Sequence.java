package dev.strata.postgres.catalog;

/**
 * A sequence and its options.
 *
 * @param ident quoted, schema-qualified name
 * @param ownedKind 'a' when a column owns it (serial, OWNED BY), 'i' when it is an identity
 *     column's, else 0
 * @param ownerTable the owning table's oid, or 0
 * @param ownerColumn the owning column's number, or 0
 * @param ownedBy the owning column as {@code schema.table.column}, quoted, or null
 */
record Sequence(
    long oid,
    String schema,
    String name,
    String ident,
    String owner,
    String type,
    long start,
    long increment,
    long min,
    long max,
    long cache,
    boolean cycle,
    boolean unlogged,
    char ownedKind,
    long ownerTable,
    int ownerColumn,
    String ownedBy) {

  boolean isIdentity() {
    return ownedKind == 'i';
  }

  /** The options common to CREATE SEQUENCE and an identity column, all explicit. */
  String options() {
    return "START WITH "
        + start
        + " INCREMENT BY "
        + increment
        + " MINVALUE "
        + min
        + " MAXVALUE "
        + max
        + " CACHE "
        + cache
        + (cycle ? " CYCLE" : " NO CYCLE");
  }

  String createStatement() {
    return "CREATE "
        + (unlogged ? "UNLOGGED " : "")
        + "SEQUENCE "
        + ident
        + (type.equals("bigint") ? "" : " AS " + type)
        + " "
        + options();
  }

  /** The options of {@code GENERATED ... AS IDENTITY (...)}, naming the sequence. */
  String identityOptions() {
    return "SEQUENCE NAME " + ident + " " + options();
  }
}

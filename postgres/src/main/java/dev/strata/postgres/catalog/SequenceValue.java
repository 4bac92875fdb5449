package dev.strata.postgres.catalog;

/**
 * The value of a sequence when the dump was read.
 *
 * @param schema the schema's name, unquoted
 * @param name the sequence's name, unquoted (an identity column's sequence by its real name)
 * @param lastValue last_value
 * @param isCalled is_called: false when nextval has not returned lastValue yet
 */
public record SequenceValue(String schema, String name, long lastValue, boolean isCalled) {

  /** {@code SELECT pg_catalog.setval('"schema"."name"', lastValue, isCalled)}. */
  public String setvalStatement() {
    String regclass = TableData.quoted(schema) + "." + TableData.quoted(name);
    return "SELECT pg_catalog.setval('"
        + regclass.replace("'", "''")
        + "', "
        + lastValue
        + ", "
        + isCalled
        + ")";
  }
}

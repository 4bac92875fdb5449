package dev.strata.postgres.catalog;

/** PLACEHOLDER until the catalog reader lands. */
public record SequenceValue(String schema, String name, long lastValue, boolean isCalled) {
  public String setvalStatement() {
    return "SELECT pg_catalog.setval('\""
        + schema
        + "\".\""
        + name
        + "\"', "
        + lastValue
        + ", "
        + isCalled
        + ")";
  }
}

package dev.strata.postgres.catalog;

import java.util.List;

/** PLACEHOLDER until the catalog reader lands. */
public record TableData(String schema, String name, List<String> copyColumns, long estimatedBytes) {
  public String qualifiedName() {
    return "\"" + schema.replace("\"", "\"\"") + "\".\"" + name.replace("\"", "\"\"") + "\"";
  }
}

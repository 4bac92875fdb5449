package dev.strata.postgres.catalog;

import java.util.List;

/**
 * A table whose rows a backup copies.
 *
 * @param schema the schema's name, unquoted
 * @param name the table's name, unquoted
 * @param copyColumns the quoted columns COPY reads and writes, in column order: all but generated
 *     columns
 * @param estimatedBytes the size of its main fork (pg_relation_size), to schedule copies
 */
public record TableData(String schema, String name, List<String> copyColumns, long estimatedBytes) {

  public TableData {
    copyColumns = List.copyOf(copyColumns);
  }

  /** {@code "schema"."name"}, always quoted. */
  public String qualifiedName() {
    return quoted(schema) + "." + quoted(name);
  }

  static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}

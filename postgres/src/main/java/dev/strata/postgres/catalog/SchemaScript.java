package dev.strata.postgres.catalog;

import java.util.List;

/**
 * The DDL of a database, in restore order, as {@link SchemaDump#read} reads it. Statements have no
 * trailing semicolon and name every object schema-qualified, so they run with an empty search_path
 * (and {@code check_function_bodies = false}, as pg_dump's output does).
 *
 * @param preData before the data: schemas, extensions, types, functions, sequences, tables
 *     (partitions attached), views, materialized views (WITH NO DATA), OWNED BY, in dependency
 *     order
 * @param postData after the data: constraints, indexes, triggers, row-level security and policies,
 *     rules, comments, then REFRESH MATERIALIZED VIEW for the populated materialized views
 * @param ownership {@code ALTER ... OWNER TO} and GRANT/REVOKE, for a restore that keeps owners
 * @param tables the tables whose rows to copy: ordinary tables and leaf partitions
 * @param sequences every sequence's current value, identity sequences included
 */
public record SchemaScript(
    List<String> preData,
    List<String> postData,
    List<String> ownership,
    List<TableData> tables,
    List<SequenceValue> sequences) {

  public SchemaScript {
    preData = List.copyOf(preData);
    postData = List.copyOf(postData);
    ownership = List.copyOf(ownership);
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
  }
}

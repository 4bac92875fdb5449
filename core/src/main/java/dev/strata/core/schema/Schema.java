package dev.strata.core.schema;

import java.util.List;

/** A database schema as a dialect read it from a catalog; only that dialect can compare two. */
public interface Schema {
  /** How many objects it holds (tables, columns excluded, indexes, constraints, views, ...). */
  int objectCount();

  /** The statements that build it in an empty database, in dependency order. */
  List<String> statements();

  /**
   * Session settings a script of {@link #statements} needs before them when a database's own client
   * runs it ({@code SET check_function_bodies = false} on PostgreSQL, as pg_dump writes).
   */
  default List<String> scriptSettings() {
    return List.of();
  }

  /** The schema as one SQL script that rebuilds it in an empty database ({@code strata pull}). */
  default String script() {
    StringBuilder sql =
        new StringBuilder("-- Schema pulled by strata; rebuilds it in an empty database.\n");
    for (String s : scriptSettings()) sql.append(s).append(";\n");
    sql.append('\n');
    for (String s : statements()) sql.append(s).append(";\n\n");
    return sql.toString();
  }

  /**
   * This schema for a shadow database on which migrations are observed, where the dialect may leave
   * out what those migrations cannot reach and what costs time to build: an index of a table they
   * do not name is never locked, rewritten or dropped by them.
   *
   * @param named whether the migrations' text holds a word (compared in lower case)
   */
  default Schema forObserving(java.util.function.Predicate<String> named) {
    return this;
  }
}

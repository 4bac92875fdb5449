package dev.strata.core.schema;

import java.util.List;

/** A database schema as a dialect read it from a catalog; only that dialect can compare two. */
public interface Schema {
  /** How many objects it holds (tables, columns excluded, indexes, constraints, views, ...). */
  int objectCount();

  /** The statements that build it in an empty database, in dependency order. */
  List<String> statements();
}

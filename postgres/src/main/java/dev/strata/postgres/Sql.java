package dev.strata.postgres;

/** Quoting of identifiers and literals for SQL that Strata writes itself. */
public final class Sql {
  private Sql() {}

  public static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** An escape-string literal, correct whatever standard_conforming_strings is. */
  public static String literal(String value) {
    if (value == null) return "NULL";
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}

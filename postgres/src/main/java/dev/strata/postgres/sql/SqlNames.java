package dev.strata.postgres.sql;

/**
 * Regular-expression pieces for PostgreSQL names, for recognising the few statement shapes Strata
 * reads.
 */
public final class SqlNames {
  /** One identifier: bare, or double-quoted with {@code ""} for a quote. */
  public static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";

  /** A possibly schema-qualified name, captured as one group. */
  public static final String QUALIFIED = "(" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")?)";

  private SqlNames() {}
}

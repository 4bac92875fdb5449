package dev.strata.postgres.sql;

import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An extension a server does not have: {@code CREATE EXTENSION x} failing because x's files are not
 * installed there (SQLSTATE 0A000 since PostgreSQL 15, 58P01 before).
 */
public final class MissingExtension {
  private static final Pattern CREATE =
      Pattern.compile(
          "^(?:\\s*--[^\\n]*\\n)*\\s*CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?([\\w-]+)\"?",
          Pattern.CASE_INSENSITIVE);

  private MissingExtension() {}

  /** The extension {@code statement} creates, when {@code failure} says it is not installed. */
  public static Optional<String> of(String statement, SQLException failure) {
    String state = failure.getSQLState() == null ? "" : failure.getSQLState();
    if (!state.equals("0A000") && !state.equals("58P01")) return Optional.empty();
    var create = CREATE.matcher(statement);
    return create.find() ? Optional.of(create.group(1)) : Optional.empty();
  }
}

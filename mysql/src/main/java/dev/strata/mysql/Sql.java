package dev.strata.mysql;

/** Quoting for the SQL this dialect writes itself (never for a migration's own text). */
final class Sql {
  private Sql() {}

  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A string literal that means the same whatever NO_BACKSLASH_ESCAPES says. */
  static String literal(String value) {
    if (value == null) return "NULL";
    if (value.indexOf('\\') < 0) return "'" + value.replace("'", "''") + "'";
    // Backslashes in a literal depend on the SQL mode; a hex literal does not.
    StringBuilder hex = new StringBuilder("CONVERT(X'");
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8))
      hex.append(String.format("%02X", b));
    return hex.append("' USING utf8mb4)").toString();
  }
}

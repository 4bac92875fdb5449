package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table lock a statement takes, from PostgreSQL's documentation of each command: what {@code
 * strata doctor} lists and checks for sessions in the way.
 */
public final class TableLocks {
  private static final Pattern ALTER_TABLE =
      Pattern.compile(
          "(?is)^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?"
              + SqlNames.QUALIFIED
              + "\\s+(.*)");
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "(?is)^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:"
              + SqlNames.IDENTIFIER
              + "\\s+)?ON\\s+(?:ONLY\\s+)?"
              + SqlNames.QUALIFIED
              + ".*");
  private static final Pattern DROP_OR_TRUNCATE =
      Pattern.compile(
          "(?is)^(?:DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?|TRUNCATE\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?)"
              + SqlNames.QUALIFIED
              + ".*");
  private static final Pattern WRITE =
      Pattern.compile(
          "(?is)^(?:UPDATE\\s+(?:ONLY\\s+)?|DELETE\\s+FROM\\s+(?:ONLY\\s+)?|INSERT\\s+INTO\\s+)"
              + SqlNames.QUALIFIED
              + ".*");

  private TableLocks() {}

  /** A lock on a table, as written in the statement. */
  public record Lock(String table, String mode) {}

  public static Optional<Lock> of(SqlStatement statement) {
    String text = statement.text().strip();
    Matcher m = ALTER_TABLE.matcher(text);
    if (m.matches()) {
      String rest = m.group(2).toUpperCase(java.util.Locale.ROOT);
      String mode =
          rest.contains("VALIDATE CONSTRAINT")
              ? "SHARE UPDATE EXCLUSIVE"
              : rest.matches("(?s).*\\bFOREIGN\\s+KEY\\b.*") && rest.startsWith("ADD")
                  ? "SHARE ROW EXCLUSIVE"
                  : "ACCESS EXCLUSIVE";
      return Optional.of(new Lock(m.group(1), mode));
    }
    m = CREATE_INDEX.matcher(text);
    if (m.matches()) {
      return Optional.of(
          new Lock(m.group(2), m.group(1) != null ? "SHARE UPDATE EXCLUSIVE" : "SHARE"));
    }
    m = DROP_OR_TRUNCATE.matcher(text);
    if (m.matches()) return Optional.of(new Lock(m.group(1), "ACCESS EXCLUSIVE"));
    m = WRITE.matcher(text);
    if (m.matches()) return Optional.of(new Lock(m.group(1), "ROW EXCLUSIVE"));
    return Optional.empty();
  }
}

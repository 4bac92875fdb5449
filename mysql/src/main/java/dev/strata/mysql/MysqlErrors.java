package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import dev.strata.core.execute.StatementFailure;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a MySQL or MariaDB error means: for the executor, and for a person connecting. */
public final class MysqlErrors {
  private MysqlErrors() {}

  private static final Pattern CONNECTION_PREFIX = Pattern.compile("^\\(conn=\\d+\\)\\s*");
  private static final Pattern AT_LINE = Pattern.compile(" at line (\\d+)\\s*$");

  static StatementFailure.Kind kind(SQLException e) {
    if (lostConnection(e)) return StatementFailure.Kind.CONNECTION_LOST;
    return switch (e.getErrorCode()) {
      // ER_LOCK_WAIT_TIMEOUT (row and metadata locks), ER_LOCK_DEADLOCK: the statement did nothing.
      case 1205, 1213 -> StatementFailure.Kind.LOCK_TIMEOUT;
      // ER_QUERY_INTERRUPTED (KILL QUERY), MariaDB's max_statement_time, MySQL's
      // max_execution_time.
      case 1317, 1969, 3024 -> StatementFailure.Kind.CANCELLED;
      default -> StatementFailure.Kind.OTHER;
    };
  }

  public static boolean lostConnection(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return e instanceof SQLNonTransientConnectionException
        || state.startsWith("08")
        || e.getErrorCode() == 2006
        || e.getErrorCode() == 2013
        || e.getErrorCode() == 1927; // ER_CONNECTION_KILLED
  }

  /**
   * The server's words as its client prints them: {@code ERROR 1146 (42S02): Table … doesn't
   * exist}.
   */
  public static String message(SQLException e) {
    String text = CONNECTION_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst("");
    if (e.getErrorCode() == 0) return text;
    // The SQLSTATE is the failure's own field; the message carries the server's error number.
    return "ERROR " + e.getErrorCode() + ": " + text;
  }

  /** The 1-based line within the statement that a syntax error names ("… at line 3"), or 0. */
  static int lineInStatement(SQLException e) {
    Matcher m = AT_LINE.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** A failed connection attempt, as one message a person can act on. */
  static StrataException connecting(SQLException e, MysqlUrl url, String rawUrl, int seconds) {
    String detail = DatabaseUrls.scrub(message(e), rawUrl);
    String user = url.user().orElse("root");
    return switch (e.getErrorCode()) {
      case 1045 ->
          new StrataException(
              ExitCode.USAGE,
              "Authentication failed for user `"
                  + user
                  + "` at "
                  + url.display()
                  + ": "
                  + detail
                  + ". Check the user and password in the database URL.",
              e);
      case 1049 ->
          new StrataException(
              ExitCode.USAGE,
              "Database `"
                  + url.database()
                  + "` does not exist on "
                  + url.host()
                  + ":"
                  + url.port()
                  + ". Create it (`CREATE DATABASE "
                  + url.database()
                  + "`) or fix the database name in the URL.",
              e);
      case 1044 ->
          new StrataException(
              ExitCode.USAGE,
              "User `"
                  + user
                  + "` may not use database "
                  + url.display()
                  + ": "
                  + detail
                  + ". Grant it privileges on the database.",
              e);
      case 1040 ->
          new StrataException(
              ExitCode.FAILED,
              "The server at "
                  + url.host()
                  + ":"
                  + url.port()
                  + " has too many connections: "
                  + detail
                  + ". Retry later or raise max_connections.",
              e);
      default ->
          lostConnection(e) || e.getErrorCode() == 0
              ? new StrataException(
                  ExitCode.FAILED,
                  "Can't reach database server at "
                      + url.host()
                      + ":"
                      + url.port()
                      + " (waited up to "
                      + seconds
                      + " s): "
                      + detail
                      + ". Check that the server is running and that the host and port in the"
                      + " database URL are right.",
                  e)
              : new StrataException(
                  ExitCode.FAILED, "Cannot connect to " + url.display() + ": " + detail + ".", e);
    };
  }
}

package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.sql.SQLException;

/** Turns a failed connection attempt into one message a person can act on. */
final class ConnectionErrors {
  private ConnectionErrors() {}

  static StrataException translate(
      SQLException e, PostgresUrl url, String rawUrl, int timeoutSeconds) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = DatabaseUrls.scrub(e.getMessage(), rawUrl);
    String user = url.user().orElse(System.getProperty("user.name"));
    return switch (state) {
      case "28P01", "28000" ->
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
      case "3D000" ->
          new StrataException(
              ExitCode.USAGE,
              "Database `"
                  + database(url)
                  + "` does not exist on "
                  + host(url)
                  + ". Create it (`createdb "
                  + database(url)
                  + "`) or fix the database name in the URL.",
              e);
      case "42501" ->
          new StrataException(
              ExitCode.USAGE,
              "User `"
                  + user
                  + "` may not connect to "
                  + url.display()
                  + ": "
                  + detail
                  + ". Grant CONNECT on the database to this user.",
              e);
      case "53300" ->
          new StrataException(
              ExitCode.FAILED,
              "The server at "
                  + host(url)
                  + " has too many connections: "
                  + detail
                  + ". Retry later or raise max_connections.",
              e);
      default ->
          state.startsWith("08") || state.isEmpty()
              ? new StrataException(
                  ExitCode.FAILED,
                  "Can't reach database server at "
                      + host(url)
                      + " (waited up to "
                      + timeoutSeconds
                      + " s): "
                      + rootCause(e)
                      + ". Check that the server is running and that the host and"
                      + " port in the database URL are right.",
                  e)
              : new StrataException(
                  ExitCode.FAILED,
                  "Cannot connect to "
                      + url.display()
                      + ": "
                      + detail
                      + " (SQLSTATE "
                      + state
                      + ").",
                  e);
    };
  }

  private static String database(PostgresUrl url) {
    String display = url.display();
    return display.substring(display.indexOf('/') + 1);
  }

  private static String host(PostgresUrl url) {
    String display = url.display();
    int slash = display.indexOf('/');
    return slash < 0 ? display : display.substring(0, slash);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t == e
        ? message
        : t.getClass().getSimpleName().replace("Exception", "") + ": " + message;
  }
}

package dev.strata.postgres;

import dev.strata.core.execute.StatementFailure;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** What a PostgreSQL error means for the executor, from its SQLSTATE. */
final class ServerErrors {
  private ServerErrors() {}

  static StatementFailure.Kind kind(SQLException e, boolean mayRunAlone) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (lostConnection(state)) return StatementFailure.Kind.CONNECTION_LOST;
    return switch (state) {
      // lock_not_available (lock_timeout), deadlock_detected: the transaction did nothing.
      case "55P03", "40P01" -> StatementFailure.Kind.LOCK_TIMEOUT;
      case "57014" -> StatementFailure.Kind.CANCELLED;
      // active_sql_transaction ("cannot run inside a transaction block") and
      // invalid_transaction_termination (a procedure that commits): psql, running the statement
      // on its own, would have succeeded.
      case "25001", "2D000" ->
          mayRunAlone ? StatementFailure.Kind.MUST_RUN_ALONE : StatementFailure.Kind.OTHER;
      default -> StatementFailure.Kind.OTHER;
    };
  }

  static boolean lostConnection(String state) {
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  /** The server's words: {@code ERROR: relation "x" does not exist (detail)}. */
  static String message(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      var server = p.getServerErrorMessage();
      String text = server.getSeverity() + ": " + server.getMessage();
      if (server.getDetail() != null) text += " (" + server.getDetail() + ")";
      return text;
    }
    return e.getMessage();
  }

  /** The error's 1-based character position in the query, or 0. */
  static int position(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getPosition();
    }
    return 0;
  }
}

package dev.strata.mysql.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connections that read one consistent snapshot of the database. MySQL and MariaDB cannot hand a
 * snapshot from one connection to another as PostgreSQL does; instead, commits are held for the few
 * milliseconds it takes each connection to start its own ({@code BACKUP STAGE BLOCK_COMMIT} on
 * MariaDB 10.4 and later, {@code FLUSH TABLES WITH READ LOCK} on MySQL), so that all of them see
 * the same committed transactions. Both need the RELOAD privilege; without it, or when the hold
 * cannot be had within a second (a long statement or DDL in the way), one connection reads
 * everything, and {@link #how()} says so.
 */
final class SharedSnapshot implements AutoCloseable {
  /** How commits are held while the snapshots start. */
  enum Hold {
    BACKUP_STAGE,
    READ_LOCK
  }

  private static final Pattern MARIADB_VERSION = Pattern.compile("^(\\d+)\\.(\\d+).*MariaDB.*");

  private final List<Connection> connections;
  private final String how;

  private SharedSnapshot(List<Connection> connections, String how) {
    this.connections = connections;
    this.how = how;
  }

  /**
   * Opens {@code jobs} connections in one snapshot, or one when they cannot share it.
   *
   * @param hold how to hold commits; {@code null}: as the server supports
   */
  static SharedSnapshot open(DumpWriter.Connector connector, int jobs, Hold hold)
      throws SQLException {
    List<Connection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < Math.max(1, jobs); i++) connections.add(session(connector.open()));
      if (connections.size() == 1) {
        startSnapshot(connections.get(0));
        return new SharedSnapshot(connections, "one connection (--jobs 1)");
      }
      String refused;
      try (Connection control = connector.open()) {
        Hold chosen = hold != null ? hold : holdFor(version(control));
        refused = startTogether(control, connections, chosen);
      }
      if (refused == null)
        return new SharedSnapshot(
            connections, connections.size() + " connections sharing one snapshot");
      for (Connection extra : connections.subList(1, connections.size())) extra.close();
      connections.subList(1, connections.size()).clear();
      return new SharedSnapshot(connections, "one connection: " + refused);
    } catch (SQLException | RuntimeException e) {
      closeAll(connections);
      throw e;
    }
  }

  /** The connections, all in the same snapshot; the first also reads the schema. */
  List<Connection> connections() {
    return connections;
  }

  /** How the snapshot is read, in words for the user. */
  String how() {
    return how;
  }

  private static Connection session(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET SESSION time_zone = '+00:00'");
      st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static void startSnapshot(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  static Hold holdFor(String version) {
    Matcher m = MARIADB_VERSION.matcher(version);
    if (!m.matches()) return Hold.READ_LOCK;
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 10 || (major == 10 && minor >= 4) ? Hold.BACKUP_STAGE : Hold.READ_LOCK;
  }

  /**
   * Holds commits on {@code control}, starts every snapshot, lets commits go again. Returns why the
   * hold could not be had ({@code null}: the snapshots are shared); then only the first connection
   * has started its snapshot.
   */
  private static String startTogether(Connection control, List<Connection> connections, Hold hold)
      throws SQLException {
    try (Statement st = control.createStatement()) {
      // Waiting for the hold stops the application's writes behind it: a second at most.
      st.execute("SET SESSION lock_wait_timeout = 1");
      try {
        if (hold == Hold.BACKUP_STAGE) {
          st.execute("BACKUP STAGE START");
          st.execute("BACKUP STAGE BLOCK_COMMIT");
        } else {
          st.execute("FLUSH TABLES WITH READ LOCK");
        }
      } catch (SQLException e) {
        if (hold == Hold.BACKUP_STAGE) endQuietly(st); // START may have been taken
        startSnapshot(connections.get(0));
        return refusal(hold, e);
      }
      try {
        for (Connection c : connections) startSnapshot(c);
      } finally {
        st.execute(hold == Hold.BACKUP_STAGE ? "BACKUP STAGE END" : "UNLOCK TABLES");
      }
      return null;
    }
  }

  private static void endQuietly(Statement st) {
    try {
      st.execute("BACKUP STAGE END");
    } catch (SQLException e) {
      // Nothing was held; closing the connection ends it in any case.
    }
  }

  private static String refusal(Hold hold, SQLException e) {
    String statement =
        hold == Hold.BACKUP_STAGE ? "BACKUP STAGE BLOCK_COMMIT" : "FLUSH TABLES WITH READ LOCK";
    return switch (e.getErrorCode()) {
      case 1227, 1044, 1045, 1142 ->
          "sharing a snapshot needs "
              + statement
              + ", which needs the RELOAD privilege this user lacks";
      case 1205 ->
          statement
              + " waited a second for another session's statement or DDL, and gave up not to"
              + " hold the application's writes any longer";
      default -> statement + " failed (" + e.getMessage() + ")";
    };
  }

  private static String version(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT VERSION()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Ends the snapshots' read-only transactions and closes the connections. */
  @Override
  public void close() {
    closeAll(connections);
  }

  /**
   * Cuts the connections at once, without reading the rest of a result being streamed (closing
   * would): for a copy that failed or was interrupted.
   */
  void abort() {
    for (Connection c : connections) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        // Already gone.
      }
    }
  }

  private static void closeAll(List<Connection> connections) {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException e) {
        // The transaction was read-only: nothing is lost when the server ends it.
      }
    }
  }
}

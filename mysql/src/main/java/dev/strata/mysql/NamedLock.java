package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DeployerIdentity;
import dev.strata.core.dialect.LockHolder;
import dev.strata.core.history.HistoryTable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The deploy lock: a named lock ({@code GET_LOCK}) of the connection, held for the whole run and
 * released by the server when the connection ends, however the deployer dies. Named locks are
 * server-wide, so the name carries the database, except on Prisma's table, where it is Prisma's own
 * ({@code prisma_migrate}) so that Prisma and Strata never deploy at once.
 */
final class NamedLock implements Database.DeployLock {
  static final String PRISMA_NAME = "prisma_migrate";

  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final Connection connection;
  private final String name;

  private NamedLock(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  static String nameFor(HistoryTable table, String database) {
    if (table.isPrisma()) return PRISMA_NAME;
    String name = "strata:" + table.schema().orElse(database) + "." + table.name();
    if (name.length() <= 64) return name;
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return name.substring(0, 55) + ":" + Long.toHexString(crc.getValue());
  }

  static NamedLock acquire(
      Connection connection,
      HistoryTable table,
      String database,
      Duration wait,
      Database.LockListener listener) {
    String name = nameFor(table, database);
    long start = System.nanoTime();
    long lastReport = Long.MIN_VALUE;
    try {
      while (true) {
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        // The server waits in one-second slices, so a holder is reported while we wait.
        long slice = Math.max(0, Math.min(1, wait.minus(waited).toSeconds()));
        if (tryLock(connection, name, slice)) return new NamedLock(connection, name);
        waited = Duration.ofNanos(System.nanoTime() - start);
        LockHolder holder = holder(connection, name).orElse(LockHolder.unknown());
        if (waited.compareTo(wait) >= 0) {
          throw new StrataException(
              ExitCode.LOCKED,
              "Another deployer holds the deploy lock on "
                  + table
                  + " ("
                  + holder.describe()
                  + "); gave up after "
                  + wait.toSeconds()
                  + " s. Wait for it to finish, or raise --lock-wait.");
        }
        if (lastReport == Long.MIN_VALUE
            || System.nanoTime() - lastReport >= REPORT_EVERY.toNanos()) {
          listener.waiting(holder, waited);
          lastReport = System.nanoTime();
        }
        if (Thread.interrupted()) throw new InterruptedException();
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot take the deploy lock: " + MysqlErrors.message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException(
          ExitCode.LOCKED, "Interrupted while waiting for the deploy lock.", e);
    }
  }

  /** Takes the named lock if nobody holds it, without waiting. */
  static boolean tryLock(Connection connection, String name) throws SQLException {
    return tryLock(connection, name, 0);
  }

  static void release(Connection connection, String name) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      st.setString(1, name);
      st.executeQuery().close();
    }
  }

  private static boolean tryLock(Connection connection, String name, long seconds)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      st.setString(1, name);
      st.setLong(2, seconds);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  /**
   * Who holds the lock: its connection from {@code IS_USED_LOCK}, described from the process list
   * and, where performance_schema is on, the program name the deployer gave.
   */
  static Optional<LockHolder> holder(Connection connection, String name) throws SQLException {
    long id;
    try (PreparedStatement st = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        id = rs.getLong(1);
        if (rs.wasNull()) return Optional.empty();
      }
    }
    String host = null;
    String migration = null;
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT HOST, INFO FROM information_schema.PROCESSLIST WHERE ID = ?")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          host = rs.getString(1);
          String info = rs.getString(2);
          if (info != null && info.startsWith("/* strata: ")) {
            int end = info.indexOf(" */");
            if (end > 0) migration = info.substring("/* strata: ".length(), end);
          }
        }
      }
    }
    String program = program(connection, id);
    return Optional.of(
        new LockHolder(
            Optional.of((int) id),
            Optional.ofNullable(program),
            Optional.ofNullable(host),
            Optional.empty(),
            Optional.ofNullable(migration),
            DeployerIdentity.alive(program)));
  }

  /** The program name a connection gave, when performance_schema keeps it. */
  private static String program(Connection connection, long id) {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs"
                + " WHERE PROCESSLIST_ID = ? AND ATTR_NAME = 'program_name'")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      return null; // performance_schema off (MariaDB's default) or not readable
    }
  }

  @Override
  public void close() {
    try (PreparedStatement st = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      if (!connection.isClosed()) {
        st.setString(1, name);
        st.executeQuery().close();
      }
    } catch (SQLException e) {
      // The lock ends with the connection; a broken connection has already released it.
    }
  }
}

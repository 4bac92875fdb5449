package dev.strata.postgres;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The deploy lock: a session-level advisory lock, held for the whole run. Never a transaction-level
 * one: {@code CREATE INDEX CONCURRENTLY} waits for every transaction that started before it,
 * including one holding such a lock, and would hang forever (Flyway's long-standing bug).
 */
final class AdvisoryLock implements Database.DeployLock {
  /**
   * Prisma's key (“prsmigr” on a phone pad), so Prisma and Strata never deploy at once on its
   * table.
   */
  static final long PRISMA_KEY = 72707369L;

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final Connection connection;
  private final long key;

  private AdvisoryLock(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  static long keyFor(HistoryTable table) {
    if (table.isPrisma()) return PRISMA_KEY;
    CRC32 crc = new CRC32();
    crc.update(("strata:" + table).getBytes(StandardCharsets.UTF_8));
    return 0x5354_0000_0000_0000L | crc.getValue();
  }

  static AdvisoryLock acquire(
      Connection connection, HistoryTable table, Duration wait, Database.LockListener listener) {
    long key = keyFor(table);
    long start = System.nanoTime();
    long lastReport = Long.MIN_VALUE;
    try {
      while (true) {
        if (tryLock(connection, key)) return new AdvisoryLock(connection, key);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        LockHolder holder = holder(connection, key);
        if (waited.compareTo(wait) >= 0) {
          throw new StrataException(
              ExitCode.LOCKED,
              "Another deployer holds the deploy lock on "
                  + table
                  + " ("
                  + holder.describe()
                  + "); gave up after "
                  + wait.toSeconds()
                  + " s. Wait for it to finish, or raise"
                  + " --lock-wait.");
        }
        if (lastReport == Long.MIN_VALUE
            || System.nanoTime() - lastReport >= REPORT_EVERY.toNanos()) {
          listener.waiting(holder, waited);
          lastReport = System.nanoTime();
        }
        Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, wait.minus(waited).toMillis())));
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot take the deploy lock: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException(
          ExitCode.LOCKED, "Interrupted while waiting for the deploy lock.", e);
    }
  }

  private static boolean tryLock(Connection connection, long key) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Who holds the deploy lock of this table, if anyone does. */
  static Optional<LockHolder> heldBy(Connection connection, HistoryTable table)
      throws SQLException {
    LockHolder holder = holder(connection, keyFor(table));
    return holder.pid().isPresent() ? Optional.of(holder) : Optional.empty();
  }

  /**
   * Who holds it, from pg_locks and pg_stat_activity (a bigint key is split into classid/objid).
   */
  private static LockHolder holder(Connection connection, long key) throws SQLException {
    String sql =
        "SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start,"
            + " substring(a.query from '^/\\* strata: (.*?) \\*/')"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            + " AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1";
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setLong(1, key >>> 32);
      st.setLong(2, key & 0xFFFF_FFFFL);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) return LockHolder.unknown();
        var since = rs.getObject(4, java.time.OffsetDateTime.class);
        return new LockHolder(
            Optional.of(rs.getInt(1)),
            Optional.ofNullable(rs.getString(2)),
            Optional.ofNullable(rs.getString(3)),
            Optional.ofNullable(since).map(java.time.OffsetDateTime::toInstant),
            Optional.ofNullable(rs.getString(5)),
            DeployerIdentity.alive(rs.getString(2)));
      }
    }
  }

  @Override
  public void close() {
    try (Statement st = connection.createStatement()) {
      if (!connection.isClosed()) st.execute("SELECT pg_advisory_unlock(" + key + ")");
    } catch (SQLException e) {
      // The lock dies with the session; a broken connection has already released it.
    }
  }
}

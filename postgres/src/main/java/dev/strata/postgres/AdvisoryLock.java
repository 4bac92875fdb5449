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
 *
 * <p>The key is the history table's, schema and all, so deployers of different schemas of one
 * database (a fleet of tenant schemas) run at once. Prisma takes one key for the whole database
 * whatever the schema; on its history table Strata holds that key shared besides the schema's own,
 * so Strata deployers of different schemas still run together while Prisma waits for all of them,
 * and each waits for Prisma.
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
  private final boolean prismaShared;

  private AdvisoryLock(Connection connection, long key, boolean prismaShared) {
    this.connection = connection;
    this.key = key;
    this.prismaShared = prismaShared;
  }

  /**
   * The table's own key, from its name with the schema it lives in ({@code public} left out, the
   * key Strata has always taken there).
   */
  static long keyFor(HistoryTable table, String schema) {
    String name = schema.equals("public") ? table.name() : schema + "." + table.name();
    CRC32 crc = new CRC32();
    crc.update(("strata:" + name).getBytes(StandardCharsets.UTF_8));
    return 0x5354_0000_0000_0000L | crc.getValue();
  }

  /**
   * @param schema the schema the table lives in (its own, else the connection's)
   */
  static AdvisoryLock acquire(
      Connection connection,
      HistoryTable table,
      String schema,
      Duration wait,
      Database.LockListener listener) {
    long key = keyFor(table, schema);
    boolean prisma = table.isPrisma();
    long start = System.nanoTime();
    long lastReport = Long.MIN_VALUE;
    try {
      while (true) {
        LockHolder holder;
        if (!tryLock(connection, key, false)) {
          holder = holder(connection, key, false);
        } else if (prisma && !tryLock(connection, PRISMA_KEY, true)) {
          unlock(connection, key, false);
          holder = holder(connection, PRISMA_KEY, true);
        } else {
          return new AdvisoryLock(connection, key, prisma);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        if (waited.compareTo(wait) >= 0) {
          throw new StrataException(
              ExitCode.LOCKED,
              "Another deployer holds the deploy lock on "
                  + schema
                  + "."
                  + table.name()
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

  private static boolean tryLock(Connection connection, long key, boolean shared)
      throws SQLException {
    String function = shared ? "pg_try_advisory_lock_shared" : "pg_try_advisory_lock";
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + function + "(" + key + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void unlock(Connection connection, long key, boolean shared) throws SQLException {
    String function = shared ? "pg_advisory_unlock_shared" : "pg_advisory_unlock";
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT " + function + "(" + key + ")");
    }
  }

  /**
   * Who holds the deploy lock of this table, if anyone does: a deployer of its schema, else Prisma
   * (or an older Strata) holding Prisma's key alone.
   */
  static Optional<LockHolder> heldBy(Connection connection, HistoryTable table, String schema)
      throws SQLException {
    LockHolder holder = holder(connection, keyFor(table, schema), false);
    if (holder.pid().isEmpty() && table.isPrisma()) {
      holder = holder(connection, PRISMA_KEY, true);
    }
    return holder.pid().isPresent() ? Optional.of(holder) : Optional.empty();
  }

  /**
   * Who holds a key, from pg_locks and pg_stat_activity (a bigint key is split into classid/objid).
   *
   * @param exclusiveOnly count only an exclusive holder: the shared holders of Prisma's key are
   *     Strata deployers of other schemas, which do not stand in this one's way
   */
  private static LockHolder holder(Connection connection, long key, boolean exclusiveOnly)
      throws SQLException {
    String sql =
        "SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start,"
            + " substring(a.query from '^/\\* strata: (.*?) \\*/')"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            + " AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid"
            + (exclusiveOnly ? " AND l.mode = 'ExclusiveLock'" : "")
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
      if (!connection.isClosed()) {
        st.execute("SELECT pg_advisory_unlock(" + key + ")");
        if (prismaShared) st.execute("SELECT pg_advisory_unlock_shared(" + PRISMA_KEY + ")");
      }
    } catch (SQLException e) {
      // The lock dies with the session; a broken connection has already released it.
    }
  }
}

package dev.strata.postgres.review;

import dev.strata.core.review.LockTaken;
import dev.strata.postgres.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Watches a statement that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code
 * VACUUM}) from a second connection, since its locks come and go while it runs. That connection
 * plays the application: it holds ROW EXCLUSIVE, the lock every INSERT, UPDATE and DELETE takes, on
 * each table in use, and polls {@code pg_locks} for the statement's backend. A statement that
 * blocks writes has to wait for that lock, and is seen waiting for it; one that does not block them
 * either finishes or, like CREATE INDEX CONCURRENTLY, waits only for the writer's transaction to
 * end. Either way the writer is then let go, so nothing waits for long.
 */
final class OutsideTransaction {
  private static final long GIVE_UP_NANOS = 60_000_000_000L;
  // Waits last until we end them, so polling slower than a spin loses nothing.
  private static final long POLL_NANOS = 2_000_000L;

  private static final String LOCKS_OF =
      """
      SELECT l.locktype, l.granted, n.nspname || '.' || c.relname, l.mode
        FROM pg_locks l
        LEFT JOIN pg_class c ON c.oid = l.relation AND c.relkind IN ('r', 'p', 'm')
              AND c.relnamespace <> 'pg_catalog'::regnamespace
        LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE l.pid = ?
      """;

  private final Connection connection;
  private final ConnectionSpec spec;
  private final CatalogState state;
  private final java.util.Set<String> inUse;

  record Watched(long millis, List<LockTaken> locks, boolean writesContinued) {}

  OutsideTransaction(
      Connection connection, ConnectionSpec spec, CatalogState state, java.util.Set<String> inUse) {
    this.connection = connection;
    this.spec = spec;
    this.state = state;
    this.inUse = inUse;
  }

  Watched run(String sql) throws SQLException {
    int pid = backendPid();
    ExecutorService runner = Executors.newSingleThreadExecutor(OutsideTransaction::daemon);
    Map<String, String> seen = new HashMap<>();
    boolean writesBlocked = false;
    long start;
    long end;
    try (Connection writer = spec.open()) {
      writer.setAutoCommit(false);
      holdWriterLocks(writer);
      start = System.nanoTime();
      Future<?> running =
          runner.submit(
              () -> {
                try (Statement st = connection.createStatement()) {
                  st.execute(sql);
                }
                return null;
              });
      try (PreparedStatement poll = writer.prepareStatement(LOCKS_OF)) {
        poll.setInt(1, pid);
        while (!running.isDone() && System.nanoTime() - start < GIVE_UP_NANOS) {
          Wait wait = poll(poll, seen);
          if (wait == Wait.FOR_TABLE) writesBlocked = true;
          if (wait != Wait.NONE) break;
          java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
      }
      // Let the statement go on: our writer's work is done.
      writer.rollback();
      try {
        running.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SQLException sqlException) throw sqlException;
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while observing: " + sql, e);
      }
      end = System.nanoTime();
    } finally {
      runner.shutdownNow();
    }
    List<LockTaken> locks = new ArrayList<>();
    for (var lock : seen.entrySet()) {
      locks.add(
          new LockTaken(
              lock.getKey(),
              LockModes.words(lock.getValue()),
              inUse.contains(lock.getKey()),
              LockModes.blocksWrites(lock.getValue()),
              LockModes.blocksReads(lock.getValue())));
    }
    // Only a writer that held a lock on a table the statement works on says anything.
    boolean onTableInUse = locks.stream().anyMatch(LockTaken::preExisting);
    return new Watched((end - start) / 1_000_000, locks, onTableInUse && !writesBlocked);
  }

  private enum Wait {
    NONE,
    /** Waiting for a table lock our writer holds: the statement blocks writes. */
    FOR_TABLE,
    /** Waiting for our writer's transaction to end, its own locks granted: writes went on. */
    FOR_TRANSACTION
  }

  private static Wait poll(PreparedStatement poll, Map<String, String> seen) throws SQLException {
    Wait wait = Wait.NONE;
    try (ResultSet rs = poll.executeQuery()) {
      while (rs.next()) {
        String type = rs.getString(1);
        boolean granted = rs.getBoolean(2);
        String table = rs.getString(3);
        String mode = rs.getString(4);
        if (type.equals("relation") && table != null) {
          seen.merge(table, mode, (a, b) -> LockModes.strength(a) >= LockModes.strength(b) ? a : b);
          if (!granted) wait = Wait.FOR_TABLE;
        } else if (!granted
            && (type.equals("virtualxid") || type.equals("transactionid"))
            && wait == Wait.NONE) {
          wait = Wait.FOR_TRANSACTION;
        }
      }
    }
    return wait;
  }

  private void holdWriterLocks(Connection writer) throws SQLException {
    try (Statement st = writer.createStatement()) {
      for (CatalogState.TableState table : state.tables().values()) {
        if (!inUse.contains(table.name())) continue;
        st.execute("LOCK TABLE " + table.quoted() + " IN ROW EXCLUSIVE MODE");
      }
    }
  }

  private int backendPid() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "strata-review-outside-transaction");
    t.setDaemon(true);
    return t;
  }
}

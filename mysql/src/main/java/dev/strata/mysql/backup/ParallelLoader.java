package dev.strata.mysql.backup;

import dev.strata.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a dump's statements into the staging database on several connections: the INSERTs of a
 * table go to whichever connection is free (their rows name their keys, so order does not matter),
 * while every other statement waits for the INSERTs before it and runs alone, a SET on every
 * connection (each session needs the dump's settings), anything else on the first. A few INSERTs
 * wait at most, so memory stays bounded.
 */
final class ParallelLoader implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();
  private final BlockingQueue<Connection> free;
  private final ExecutorService pool;
  private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
  private final AtomicLong rows = new AtomicLong();
  private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> byTable =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final int jobs;

  ParallelLoader(DumpWriter.Connector connector, String database, int jobs) throws SQLException {
    this.jobs = Math.max(1, jobs);
    this.free = new ArrayBlockingQueue<>(this.jobs);
    try {
      for (int i = 0; i < this.jobs; i++) connections.add(connector.open(database));
    } catch (SQLException e) {
      close();
      throw e;
    }
    free.addAll(connections);
    pool =
        Executors.newFixedThreadPool(
            this.jobs,
            r -> {
              Thread t = new Thread(r, "strata-restore-load");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * An INSERT into {@code table}: sent on whichever connection is free. The rows the server says it
   * inserted are counted per table, the restore's row check.
   */
  void insert(String table, SqlStatement s) throws SQLException {
    java.util.concurrent.atomic.LongAdder counted =
        byTable.computeIfAbsent(table, t -> new java.util.concurrent.atomic.LongAdder());
    while (inFlight.size() >= 2 * jobs) await(inFlight.poll());
    inFlight.add(
        pool.submit(
            () -> {
              Connection c = free.take();
              try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                int inserted = Math.max(0, st.executeUpdate(s.text()));
                rows.addAndGet(inserted);
                counted.add(inserted);
              } catch (SQLException e) {
                throw failed(s, e);
              } finally {
                free.add(c);
              }
              return null;
            }));
  }

  /** A statement that is not an INSERT: after everything before it, alone. */
  void ordered(SqlStatement s) throws SQLException {
    barrier();
    boolean setting = !s.words().isEmpty() && s.words().get(0).equals("SET");
    for (Connection c : setting ? connections : connections.subList(0, 1)) {
      try (Statement st = c.createStatement()) {
        st.setEscapeProcessing(false);
        st.execute(s.text());
      } catch (SQLException e) {
        throw failed(s, e);
      }
    }
  }

  long rows() {
    return rows.get();
  }

  /** The rows inserted into each table so far (complete after {@link #finish()}). */
  java.util.Map<String, Long> rowsByTable() {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    byTable.forEach((table, n) -> counts.put(table, n.sum()));
    return counts;
  }

  /** Waits for every INSERT sent; returns the rows they inserted. */
  long finish() throws SQLException {
    barrier();
    return rows.get();
  }

  private void barrier() throws SQLException {
    while (!inFlight.isEmpty()) await(inFlight.poll());
  }

  private static void await(Future<?> f) throws SQLException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while loading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) throw sql;
      throw new SQLException(e.getCause());
    }
  }

  private static SQLException failed(SqlStatement s, SQLException e) {
    return new SQLException(
        "statement at line " + s.startLine() + " of the backup's SQL failed: " + e.getMessage(),
        e.getSQLState(),
        e.getErrorCode(),
        e);
  }

  @Override
  public void close() {
    if (pool != null) pool.shutdownNow();
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException e) {
        // The staging database is dropped or swapped anyway.
      }
    }
  }
}

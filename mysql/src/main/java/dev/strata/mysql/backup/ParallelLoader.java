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
 * wait at most, so memory stays bounded. Keys deferred by {@link DeferredKeys} are built one table
 * per connection, in parallel.
 */
final class ParallelLoader implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();
  private final BlockingQueue<Connection> free;
  private final ExecutorService pool;
  private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
  private final AtomicLong rows = new AtomicLong();
  private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> byTable =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Pending> deferred = new ArrayList<>();
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
    onFreeConnection(
        st -> {
          try {
            int inserted = Math.max(0, st.executeUpdate(s.text()));
            rows.addAndGet(inserted);
            counted.add(inserted);
          } catch (SQLException e) {
            throw failed(s, e);
          }
        });
  }

  /** Work for one statement on one connection. */
  private interface OnStatement {
    void run(Statement st) throws SQLException;
  }

  /** Runs {@code work} on whichever connection is free first; {@link #barrier()} waits for it. */
  private void onFreeConnection(OnStatement work) {
    inFlight.add(
        pool.submit(
            () -> {
              Connection c = free.take();
              try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                work.run(st);
              } finally {
                free.add(c);
              }
              return null;
            }));
  }

  /**
   * Keys to build after the table's rows, by {@link #buildDeferredKeys()}; the table's CREATE
   * without them has just been sent as an ordered statement. They are built under the SQL mode the
   * table was created in, as if made with it (a copying ALTER checks every row against the mode).
   */
  void defer(DeferredKeys keys) throws SQLException {
    try (Statement st = connections.get(0).createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
      rs.next();
      deferred.add(new Pending(keys, rs.getString(1)));
    }
  }

  private record Pending(DeferredKeys keys, String sqlMode) {}

  /** Whether a table (as its CREATE TABLE names it, in backticks) has keys still to build. */
  boolean defers(String quotedTable) {
    return deferred.stream().anyMatch(d -> d.keys().table().equals(quotedTable));
  }

  int deferredKeys() {
    return deferred.stream().mapToInt(d -> d.keys().keys().size()).sum();
  }

  /**
   * Builds the deferred keys once every INSERT before has run: one ALTER TABLE per table, the
   * tables with most rows first, each on whichever connection is free.
   */
  void buildDeferredKeys() throws SQLException {
    barrier();
    List<Pending> tables = new ArrayList<>(deferred);
    deferred.clear();
    java.util.Map<String, Long> rowsByTable = rowsByTable();
    tables.sort(
        java.util.Comparator.comparingLong(
                (Pending d) -> rowsByTable.getOrDefault(DumpRestorer.unquote(d.keys().table()), 0L))
            .reversed());
    for (Pending d : tables) {
      onFreeConnection(
          st -> {
            try {
              st.execute(
                  "SET @strata_mode = @@SESSION.sql_mode, SESSION sql_mode = '"
                      + d.sqlMode().replace("'", "''")
                      + "'");
              st.execute(d.keys().alter());
              st.execute("SET SESSION sql_mode = @strata_mode");
            } catch (SQLException e) {
              throw new SQLException(
                  "building the keys of "
                      + d.keys().table()
                      + " after its rows failed: "
                      + e.getMessage(),
                  e.getSQLState(),
                  e.getErrorCode(),
                  e);
            }
          });
    }
    barrier();
  }

  /** Whether the session of the loading connections checks foreign keys now. */
  boolean checksForeignKeys() throws SQLException {
    barrier();
    try (Statement st = connections.get(0).createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT @@FOREIGN_KEY_CHECKS")) {
      return rs.next() && rs.getInt(1) != 0;
    }
  }

  /** A statement that is not an INSERT: after everything before it, alone. */
  void ordered(SqlStatement s) throws SQLException {
    ordered(s, s.text());
  }

  /** As {@link #ordered(SqlStatement)}, sending {@code text} in place of the statement's own. */
  void ordered(SqlStatement s, String text) throws SQLException {
    barrier();
    boolean setting = !s.words().isEmpty() && s.words().get(0).equals("SET");
    for (Connection c : setting ? connections : connections.subList(0, 1)) {
      try (Statement st = c.createStatement()) {
        st.setEscapeProcessing(false);
        st.execute(text);
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

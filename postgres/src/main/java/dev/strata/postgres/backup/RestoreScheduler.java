package dev.strata.postgres.backup;

import dev.strata.postgres.ConnectionSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restore's connections and what each does next. A free connection first runs work that waits for a
 * loaded table (index builds, key checks), the largest table's first since its builds take longest,
 * unless it would only wait for a lock that the table's running work holds; else it loads the
 * oldest data piece, of whatever table, so that several connections load one big table together
 * (measured on PostgreSQL 15: two COPYs into one table load it 1.65 times as fast as one); else it
 * runs other queued work. A table's index builds thus start as soon as its last piece is in, while
 * other tables go on loading, without more connections than --jobs. The reader blocks while more
 * than a few pieces are buffered, so memory stays bounded.
 */
final class RestoreScheduler implements AutoCloseable {
  interface Work {
    void run(Connection connection) throws SQLException, IOException;
  }

  /**
   * A data piece (bytes buffered), work on a loaded table, or other work (no table). {@code
   * shared}: work on a table that can run beside other shared work on it.
   */
  record Task(
      Work work, String where, long bytes, TableState table, boolean piece, boolean shared) {}

  /** One table: its data pieces in flight, and the work that waits for them. */
  static final class TableState {
    int piecesQueued;
    int piecesRunning;
    int tasksRunning;
    boolean exclusiveRunning;
    long bytesLoaded;
    final Deque<Task> afterLoad = new ArrayDeque<>();

    boolean loaded() {
      return piecesQueued == 0 && piecesRunning == 0;
    }

    boolean idle() {
      return loaded() && afterLoad.isEmpty() && tasksRunning == 0;
    }

    /**
     * Whether the table's next task can start now without waiting for a lock held by its running
     * ones.
     */
    boolean canStartNext() {
      Task next = afterLoad.peek();
      return next != null
          && loaded()
          && (tasksRunning == 0 || (next.shared() && !exclusiveRunning));
    }

    /** Takes the next task ({@link #canStartNext} must be true) and counts it as running. */
    Task startNext() {
      Task task = afterLoad.poll();
      tasksRunning++;
      if (!task.shared()) exclusiveRunning = true;
      return task;
    }

    void finished(Task task) {
      tasksRunning--;
      if (!task.shared()) exclusiveRunning = false;
    }
  }

  private final long bufferLimit;
  private final Map<String, TableState> tables = new HashMap<>();
  private final Deque<Task> pieces = new ArrayDeque<>();
  private final Deque<Task> other = new ArrayDeque<>();
  private final List<String> settings = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private long buffered;
  private int running;
  private boolean closed;
  private Exception failure;

  RestoreScheduler(ConnectionSpec spec, String database, int jobs) throws SQLException {
    int n = Math.max(1, jobs);
    this.bufferLimit = (long) (n + 1) * DumpReader.PIECE;
    for (int i = 0; i < n; i++) {
      Connection c = spec.open(database);
      connections.add(c);
      tune(c);
      Thread t = new Thread(() -> loop(c), "strata-restore-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /**
   * Settings for bulk loading. Commits need not wait for the disk: nothing is visible until the
   * swap, whose own commit is synchronous and so flushes everything written before it. Values large
   * enough to be compressed are compressed with lz4 rather than pglz when the server has lz4 and
   * nobody configured default_toast_compression: the data reads back the same, compressing is
   * several times cheaper (a text-heavy table of the benchmark loads in 2.6 s instead of 4.3 s, 11%
   * larger). maintenance_work_mem stays the server's: raising it to 256 MB made index builds slower
   * on the benchmark machine (a 4.4-million-row btree 4.7 s → 5.8 s, a jsonb_path_ops GIN 12.1 s →
   * 13.1 s).
   */
  static void tune(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = off");
      boolean toastCompressionUnset;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT 1 FROM pg_settings"
                  + " WHERE name = 'default_toast_compression' AND source = 'default'"
                  + " AND 'lz4' = ANY (enumvals)")) {
        toastCompressionUnset = rs.next();
      }
      if (toastCompressionUnset) st.execute("SET default_toast_compression = lz4");
    }
  }

  /** A session setting of the dump; every connection applies it before its next task. */
  synchronized void setting(String sql) {
    settings.add(sql);
  }

  /** A piece of {@code table}'s data; blocks while enough is buffered already. */
  synchronized void piece(String table, long bytes, Work work, String where)
      throws SQLException, IOException {
    while (buffered > bufferLimit && failure == null) waitQuietly();
    rethrow();
    buffered += bytes;
    TableState state = table(table);
    state.piecesQueued++;
    pieces.add(new Task(work, where, bytes, state, true, false));
    notifyAll();
  }

  /**
   * Work on {@code table} (an index build, a key check) that runs once every piece of the table
   * queued so far is loaded. {@code shared}: it takes a lock on the table that other shared work
   * can hold at the same time (CREATE INDEX's SHARE lock); other work on the table (adding a
   * primary key takes ACCESS EXCLUSIVE, validating a key SHARE UPDATE EXCLUSIVE) runs alone on it,
   * in queue order, rather than holding a connection while it waits for the lock.
   */
  synchronized void afterLoad(String table, Work work, String where, boolean shared)
      throws SQLException, IOException {
    rethrow();
    TableState state = table(table);
    state.afterLoad.add(new Task(work, where, 0, state, false, shared));
    notifyAll();
  }

  synchronized void other(Work work, String where) throws SQLException, IOException {
    rethrow();
    other.add(new Task(work, where, 0, null, false, false));
    notifyAll();
  }

  /** Waits until nothing is queued or running; throws the first failure. */
  synchronized void awaitAll() throws SQLException, IOException {
    while (failure == null && (running > 0 || hasQueued())) waitQuietly();
    rethrow();
  }

  /**
   * Waits until, for one of the candidates, every table it names is idle: loaded, with nothing
   * queued or running on it. Returns that candidate's index.
   */
  synchronized int awaitAnyIdle(List<? extends Collection<String>> candidates)
      throws SQLException, IOException {
    while (true) {
      rethrow();
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).stream().allMatch(this::isIdle)) return i;
      }
      waitQuietly();
      if (closed) throw new IOException("interrupted");
    }
  }

  private boolean isIdle(String table) {
    TableState state = tables.get(table);
    return state == null || state.idle();
  }

  private TableState table(String name) {
    return tables.computeIfAbsent(name, k -> new TableState());
  }

  private boolean hasQueued() {
    if (!other.isEmpty() || !pieces.isEmpty()) return true;
    for (TableState t : tables.values()) if (!t.afterLoad.isEmpty()) return true;
    return false;
  }

  /** The next task for a free connection, or null when nothing can run now. */
  private Task next() {
    TableState largest = null;
    for (TableState t : tables.values()) {
      if (t.canStartNext() && (largest == null || t.bytesLoaded > largest.bytesLoaded)) largest = t;
    }
    if (largest != null) return largest.startNext();
    Task piece = pieces.poll();
    if (piece != null) {
      piece.table().piecesQueued--;
      piece.table().piecesRunning++;
      return piece;
    }
    return other.poll();
  }

  private void finished(Task task) {
    TableState t = task.table();
    if (task.piece()) {
      buffered -= task.bytes();
      t.piecesRunning--;
      t.bytesLoaded += task.bytes();
    } else if (t != null) {
      t.finished(task);
    }
  }

  private void loop(Connection c) {
    int applied = 0;
    while (true) {
      Task task;
      List<String> toApply;
      synchronized (this) {
        while (true) {
          if (closed) return;
          task = failure == null ? next() : null;
          if (task != null) break;
          waitQuietly();
        }
        running++;
        toApply = new ArrayList<>(settings.subList(applied, settings.size()));
        applied = settings.size();
      }
      Exception error = null;
      try {
        for (String sql : toApply) {
          try (Statement st = c.createStatement()) {
            st.execute(sql);
          }
        }
        task.work().run(c);
      } catch (Exception e) {
        error = new SQLException(task.where() + ": " + e.getMessage(), e);
      }
      synchronized (this) {
        running--;
        finished(task);
        if (error != null && failure == null) failure = error;
        notifyAll();
      }
    }
  }

  private void waitQuietly() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void rethrow() throws SQLException, IOException {
    if (failure instanceof SQLException s) throw s;
    if (failure instanceof IOException io) throw io;
    if (failure != null) throw new IOException(failure);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing after the work or after a failure; the staging database is dropped anyway.
      }
    }
  }
}

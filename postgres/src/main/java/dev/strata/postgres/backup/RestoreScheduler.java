package dev.strata.postgres.backup;

import dev.strata.postgres.ConnectionSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restore's connections and what each does next, as pg_restore -j schedules: a free connection
 * first builds an index whose table is fully loaded, else loads the next piece of a table no other
 * connection is loading (two COPYs into one table fight over its extension lock), else runs other
 * queued work. Index builds thus overlap the loading of other tables without more connections than
 * --jobs. The reader blocks while more than a few pieces are buffered, so memory stays bounded.
 */
final class RestoreScheduler implements AutoCloseable {
  interface Work {
    void run(Connection connection) throws SQLException, IOException;
  }

  /** A piece (owner set, bytes buffered), an index build or other work. */
  private record Task(Work work, String where, long bytes, TableState owner) {}

  private static final class TableState {
    final Deque<Task> pieces = new ArrayDeque<>();
    final List<Task> indexes = new ArrayList<>();
    boolean loading;
  }

  private final long bufferLimit;
  private final Map<String, TableState> tables = new LinkedHashMap<>();
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
   * swap, whose own commit is synchronous and so flushes everything written before it.
   * maintenance_work_mem stays the server's: raising it to 256 MB made index builds slower on the
   * benchmark machine (a 4.4-million-row btree 4.7 s → 5.8 s, a jsonb_path_ops GIN 12.1 s → 13.1
   * s), as pg_restore, which keeps it too, shows.
   */
  static void tune(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = off");
    }
  }

  /** A session setting of the dump; every connection applies it before its next task. */
  synchronized void setting(String sql) {
    settings.add(sql);
  }

  synchronized void piece(String table, long bytes, Work work, String where)
      throws SQLException, IOException {
    while (buffered > bufferLimit && failure == null) waitQuietly();
    rethrow();
    buffered += bytes;
    TableState state = tables.computeIfAbsent(table, k -> new TableState());
    state.pieces.add(new Task(work, where, bytes, state));
    notifyAll();
  }

  /** An index on {@code table}: it runs once every piece of the table queued so far is loaded. */
  synchronized void index(String table, Work work, String where) throws SQLException, IOException {
    rethrow();
    tables
        .computeIfAbsent(table, k -> new TableState())
        .indexes
        .add(new Task(work, where, 0, null));
    notifyAll();
  }

  synchronized void other(Work work, String where) throws SQLException, IOException {
    rethrow();
    other.add(new Task(work, where, 0, null));
    notifyAll();
  }

  /** Waits until nothing is queued or running; throws the first failure. */
  synchronized void awaitAll() throws SQLException, IOException {
    while (failure == null && (running > 0 || hasQueued())) waitQuietly();
    rethrow();
  }

  private boolean hasQueued() {
    if (!other.isEmpty()) return true;
    for (TableState t : tables.values())
      if (!t.pieces.isEmpty() || !t.indexes.isEmpty()) return true;
    return false;
  }

  /** The next task for a free connection, or null when nothing can run now. */
  private Task next() {
    for (TableState t : tables.values()) {
      if (!t.indexes.isEmpty() && t.pieces.isEmpty() && !t.loading) return t.indexes.remove(0);
    }
    for (TableState t : tables.values()) {
      if (!t.pieces.isEmpty() && !t.loading) {
        t.loading = true;
        return t.pieces.poll();
      }
    }
    return other.poll();
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
        if (task.owner() != null) {
          buffered -= task.bytes();
          task.owner().loading = false;
        }
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

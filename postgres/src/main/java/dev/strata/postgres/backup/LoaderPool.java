package dev.strata.postgres.backup;

import dev.strata.postgres.ConnectionSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections that load data pieces and build indexes in parallel. Each connection has a small
 * bounded queue, so the reader never holds more than a few pieces in memory; the first failure
 * stops everything. Pieces of one table always go to the same connection: two COPYs into one table
 * contend for its extension lock and are slower together than one alone.
 */
final class LoaderPool implements AutoCloseable {
  interface Work {
    void run(Connection connection) throws SQLException, IOException;
  }

  private record Task(Work work, String where) {}

  private static final Task STOP = new Task(c -> {}, "");

  private final List<BlockingQueue<Task>> queues = new ArrayList<>();
  private final java.util.Map<String, Integer> affinity = new java.util.HashMap<>();
  private int nextForKey;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private int outstanding;

  /**
   * The dump's session settings (search_path, check_function_bodies…), applied on every connection.
   */
  private final List<String> settings = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Object lock = new Object();

  LoaderPool(ConnectionSpec spec, String database, int jobs) throws SQLException {
    for (int i = 0; i < Math.max(1, jobs); i++) {
      Connection c = spec.open(database);
      connections.add(c);
      tune(c);
      BlockingQueue<Task> queue = new ArrayBlockingQueue<>(2);
      queues.add(queue);
      Thread t = new Thread(() -> loop(c, queue), "strata-restore-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /**
   * Settings for bulk loading. Index builds sort in maintenance_work_mem (the 64 MB default makes
   * large and GIN indexes slow). Commits need not wait for the disk: nothing is visible until the
   * swap, whose own commit is synchronous and so flushes everything written before it.
   */
  static void tune(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET maintenance_work_mem = '256MB'");
      st.execute("SET synchronous_commit = off");
    }
  }

  /** Records a session setting; each connection applies it before its next task. */
  void setting(String sql) {
    settings.add(sql);
  }

  private void loop(Connection c, BlockingQueue<Task> queue) {
    int applied = 0;
    while (true) {
      Task task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) return;
      try {
        for (; applied < settings.size(); applied++) {
          try (Statement st = c.createStatement()) {
            st.execute(settings.get(applied));
          }
        }
        if (failure.get() == null) task.work().run(c);
      } catch (Exception e) {
        failure.compareAndSet(null, new SQLException(task.where() + ": " + e.getMessage(), e));
      } finally {
        synchronized (lock) {
          outstanding--;
          lock.notifyAll();
        }
      }
    }
  }

  /**
   * Queues work on a connection: the one bound to {@code key} (a table) if given, else the least
   * busy one. Blocks while that connection's queue is full.
   */
  void submit(Work work, String where, String key) throws SQLException, IOException {
    rethrow();
    BlockingQueue<Task> target;
    if (key != null) {
      target = queues.get(affinity.computeIfAbsent(key, k -> nextForKey++ % queues.size()));
    } else {
      target =
          queues.stream().min(java.util.Comparator.comparingInt(BlockingQueue::size)).orElseThrow();
    }
    synchronized (lock) {
      outstanding++;
    }
    try {
      target.put(new Task(work, where));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Waits until every submitted task is done; throws the first failure. */
  void awaitAll() throws SQLException, IOException {
    synchronized (lock) {
      while (outstanding > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    rethrow();
  }

  private void rethrow() throws SQLException, IOException {
    Exception e = failure.get();
    if (e instanceof SQLException s) throw s;
    if (e instanceof IOException io) throw io;
    if (e != null) throw new IOException(e);
  }

  @Override
  public void close() {
    for (BlockingQueue<Task> queue : queues) queue.offer(STOP);
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
        // Closing after a failure; the staging database is dropped anyway.
      }
    }
  }
}

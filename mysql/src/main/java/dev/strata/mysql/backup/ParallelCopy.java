package dev.strata.mysql.backup;

import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies the rows of every slice on the snapshot's connections at once, each taking the next slice
 * when it is done (largest first). Every INSERT is a whole statement for a table created earlier in
 * the file, so the pieces of different tables may follow each other in any order: each connection
 * compresses its own and appends them as they come, and the file stays restorable by the client.
 */
final class ParallelCopy {
  private final String database;
  private final BackupOutput out;
  private final BackupListener listener;
  private final Map<String, LongAdder> rows = new HashMap<>();
  private final Map<String, AtomicInteger> slicesLeft = new HashMap<>();

  ParallelCopy(String database, BackupOutput out, BackupListener listener) {
    this.database = database;
    this.out = out;
    this.listener = listener;
  }

  /** Copies the slices; returns the rows of each table, in {@code tables}' order. */
  Map<String, Long> run(SharedSnapshot snapshot, List<Slice> slices, List<DumpSchema.Table> tables)
      throws SQLException, IOException {
    for (DumpSchema.Table t : tables) {
      rows.put(t.name(), new LongAdder());
      slicesLeft.put(t.name(), new AtomicInteger());
    }
    for (Slice s : slices) slicesLeft.get(s.table().name()).incrementAndGet();
    ConcurrentLinkedQueue<Slice> queue = new ConcurrentLinkedQueue<>(slices);
    List<Connection> connections = snapshot.connections();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            connections.size(),
            r -> {
              Thread t = new Thread(r, "strata-backup-copy");
              t.setDaemon(true);
              return t;
            });
    try {
      // Taken as they finish: the first failure stops the others at once.
      CompletionService<Void> copies = new ExecutorCompletionService<>(pool);
      for (Connection c : connections) copies.submit(() -> copyFrom(queue, c));
      for (int i = 0; i < connections.size(); i++) {
        try {
          copies.take().get();
        } catch (ExecutionException e) {
          // The others stop at once rather than stream their tables to the end.
          queue.clear();
          snapshot.abort();
          rethrow(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          snapshot.abort();
          throw new IOException("interrupted while copying the rows", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DumpSchema.Table t : tables) {
      if (slicesLeft.get(t.name()).get() != 0)
        throw new IOException("the rows of `" + t.name() + "` were not all copied");
      counts.put(t.name(), rows.get(t.name()).sum());
    }
    return counts;
  }

  private Void copyFrom(ConcurrentLinkedQueue<Slice> queue, Connection c)
      throws SQLException, IOException {
    try (CompressingPipe pipe = new CompressingPipe(out)) {
      Slice slice;
      while ((slice = queue.poll()) != null) {
        String table = slice.table().name();
        LongAdder tableRows = rows.get(table);
        RowCopier.copy(
            c,
            database,
            slice,
            (statement, inserted) -> {
              pipe.appendBytes(statement);
              tableRows.add(inserted);
              listener.progress(table, tableRows.sum(), 0);
            });
        // Its rows are handed to the compressor; the last slice of a table says it is done.
        if (slicesLeft.get(table).decrementAndGet() == 0)
          listener.tableDone(table, tableRows.sum());
      }
      pipe.finish();
    }
    return null;
  }

  private static void rethrow(Throwable cause) throws SQLException, IOException {
    if (cause instanceof SQLException s) throw s;
    if (cause instanceof IOException io) throw io;
    if (cause instanceof RuntimeException r) throw r;
    if (cause instanceof Error e) throw e;
    throw new IOException(cause);
  }
}

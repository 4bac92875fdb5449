package dev.strata.postgres.backup;

import dev.strata.core.backup.BackupListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a restore tells its listener as it goes: how much of the file is loaded, in the file's own
 * (compressed) bytes so that it adds up to the size announced, and each table once all the rows its
 * manifest counts are in. It also keeps the rows the server reported per table, from COPY's own
 * counts, for the check against the manifest.
 */
final class RestoreProgress {
  private final BackupListener listener;
  private final Map<String, Long> expected;
  private final Map<String, AtomicLong> loaded = new ConcurrentHashMap<>();
  private final AtomicLong fileRead = new AtomicLong();
  private long fileReported;

  /**
   * @param expected rows per table from the manifest, empty when there is none
   */
  RestoreProgress(BackupListener listener, Map<String, Long> expected) {
    this.listener = listener;
    this.expected = expected;
  }

  /** The file as it is read: counts its bytes. */
  InputStream counting(InputStream file) {
    return new FilterInputStream(file) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) fileRead.incrementAndGet();
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) fileRead.addAndGet(n);
        return n;
      }
    };
  }

  /** Bytes of the file read so far. */
  long fileOffset() {
    return fileRead.get();
  }

  /**
   * A piece of {@code table} is in: {@code rows} rows, read from the file up to {@code fileOffset}.
   */
  synchronized void loaded(String table, long rows, long fileOffset) {
    long total = loaded.computeIfAbsent(table, k -> new AtomicLong()).addAndGet(rows);
    long step = Math.max(0, fileOffset - fileReported);
    fileReported += step;
    listener.progress(table, rows, step);
    if (total > 0 && Long.valueOf(total).equals(expected.get(table))) {
      listener.tableDone(table, total);
    }
  }

  /** All data is in: the manifest's empty tables are done too. */
  synchronized void dataDone() {
    expected.forEach(
        (table, rows) -> {
          if (rows == 0 && !loaded.containsKey(table)) {
            loaded.put(table, new AtomicLong());
            listener.tableDone(table, 0);
          }
        });
  }

  /** Rows the server reported loading into {@code table}. */
  long rows(String table) {
    AtomicLong n = loaded.get(table);
    return n == null ? 0 : n.get();
  }
}

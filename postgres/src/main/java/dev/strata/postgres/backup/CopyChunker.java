package dev.strata.postgres.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Receives a table's COPY output row by row and cuts it, at row boundaries, into pieces of about
 * {@link #CHUNK} bytes, each a complete {@code COPY … FROM stdin;} block with its {@code \.} end. A
 * piece is compressed and appended as soon as it is full, so memory stays at one piece per job
 * however large the table, and a restore can load the pieces of one table in parallel.
 */
final class CopyChunker extends OutputStream {
  static final int CHUNK = 8 << 20;
  private static final byte[] END = "\\.\n\n".getBytes(StandardCharsets.UTF_8);

  interface Sink {
    void piece(byte[] data, int length, long rows) throws IOException;
  }

  private final byte[] header;
  private final Sink sink;
  private byte[] buffer = new byte[1 << 20];
  private int length;
  private long rowsInPiece;
  private long rows;
  private long bytes;

  CopyChunker(String copyFromStdin, Sink sink) {
    this.header = copyFromStdin.getBytes(StandardCharsets.UTF_8);
    this.sink = sink;
    start();
  }

  private void start() {
    System.arraycopy(header, 0, buffer, 0, header.length);
    length = header.length;
    rowsInPiece = 0;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /** pgjdbc writes one CopyData message, which is one row, per call. */
  @Override
  public void write(byte[] data, int offset, int count) throws IOException {
    ensure(length + count + END.length);
    System.arraycopy(data, offset, buffer, length, count);
    length += count;
    bytes += count;
    for (int i = offset; i < offset + count; i++) {
      if (data[i] == '\n') {
        rowsInPiece++;
        rows++;
      }
    }
    if (length >= CHUNK && count > 0 && data[offset + count - 1] == '\n') emit();
  }

  private void ensure(int capacity) {
    if (capacity > buffer.length) {
      buffer =
          java.util.Arrays.copyOf(
              buffer, Math.max(capacity, Math.min(buffer.length * 2, CHUNK + (CHUNK >> 2))));
    }
  }

  private void emit() throws IOException {
    System.arraycopy(END, 0, buffer, length, END.length);
    sink.piece(buffer, length + END.length, rowsInPiece);
    start();
  }

  /** Emits the last piece; an empty table still gets one (empty) COPY block, as pg_dump writes. */
  void finish() throws IOException {
    if (rowsInPiece > 0 || rows == 0) emit();
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }
}

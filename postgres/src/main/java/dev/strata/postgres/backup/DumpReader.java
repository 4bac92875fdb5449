package dev.strata.postgres.backup;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.postgres.sql.PostgresSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * Reads a plain-SQL dump (Strata's or pg_dump's) as a stream of events: SQL statements, COPY data
 * pieces, section markers. Streams: only one statement or one data piece is in memory at a time.
 * Lines end at {@code \n} only, so a {@code \r} inside a function body survives byte for byte.
 */
final class DumpReader {
  private static final Pattern COPY_FROM_STDIN =
      Pattern.compile("(?is)^COPY\\s.+\\sFROM\\s+stdin\\s*(\\(.*\\))?\\s*;\\s*$");
  private static final String SECTION = "-- strata:section ";

  /** A data piece handed to a loader holds about this much. */
  static final int PIECE = 8 << 20;

  sealed interface Event permits Sql, Data, Section {}

  /** A statement, and the line of the dump it starts on. */
  record Sql(String text, long line) implements Event {}

  /** A piece of one COPY block: the COPY command and whole rows, without the {@code \.} end. */
  record Data(String copyCommand, byte[] rows, int length, long line) implements Event {}

  record Section(String name) implements Event {}

  private final InputStream in;
  private final PostgresSplitter splitter = new PostgresSplitter();
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long line;
  private final Deque<Event> pending = new ArrayDeque<>();
  private final StringBuilder sql = new StringBuilder();
  private long sqlStartLine;
  private String copyCommand;
  private long copyLine;
  private boolean ended;
  private boolean closed;

  /** The comments pg_dump and Strata end a whole dump with; only meta-commands may follow. */
  private static final java.util.Set<String> CLOSING_LINES =
      java.util.Set.of("-- PostgreSQL database dump complete", "-- Strata backup complete.");

  /**
   * Piece arrays the loaders are done with, reused: a restore then allocates a few pieces instead
   * of one 8 MB array per piece (about a hundred per GiB), which the garbage collector would have
   * to clear.
   */
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(4);

  DumpReader(InputStream decompressed) {
    this.in = decompressed;
  }

  /**
   * Hands back the array of a piece whose rows are loaded, for a later piece; the piece must not be
   * used after. Safe from any thread.
   */
  void recycle(byte[] rows) {
    if (rows.length == PIECE + buffer.length) spare.offer(rows);
  }

  /**
   * Whether the dump read so far ends with its tool's closing comment: one cut short (a dump
   * killed, a copy interrupted) does not, and nothing else tells when there is no manifest.
   */
  boolean endsWhole() {
    return closed;
  }

  /** The next event, or null at the end. */
  Event next() throws IOException {
    while (pending.isEmpty() && !ended) readMore();
    return pending.poll();
  }

  private void readMore() throws IOException {
    if (copyCommand != null) {
      readCopyPiece();
      return;
    }
    byte[] raw = readLine();
    if (raw == null) {
      ended = true;
      if (!sql.toString().isBlank()) flushStatements(true);
      return;
    }
    line++;
    String text = new String(raw, StandardCharsets.UTF_8);
    boolean atBoundary = sql.toString().isBlank();
    if (atBoundary) {
      String trimmed = text.strip();
      if (trimmed.startsWith(SECTION)) {
        pending.add(new Section(trimmed.substring(SECTION.length()).strip()));
        sql.setLength(0);
        return;
      }
      if (trimmed.startsWith("\\")) {
        metaCommand(trimmed);
        return;
      }
      if (COPY_FROM_STDIN.matcher(trimmed).matches()) {
        closed = false;
        copyCommand = trimmed.substring(0, trimmed.length() - 1).strip();
        copyLine = line;
        sql.setLength(0);
        return;
      }
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        if (CLOSING_LINES.contains(trimmed)) closed = true;
        return;
      }
      closed = false;
      sqlStartLine = line;
    }
    sql.append(text);
    if (text.stripTrailing().endsWith(";")) flushStatements(false);
  }

  /** pg_dump writes a few psql meta-commands; the ones about the session are safe to skip. */
  private void metaCommand(String command) {
    String name = command.split("\\s+", 2)[0];
    switch (name) {
      case "\\connect", "\\c", "\\restrict", "\\unrestrict", "\\encoding", "\\set" -> {
        // The restore already runs on its own target database and session settings.
      }
      default ->
          throw new SqlSyntaxException(
              (int) line,
              "psql meta-command "
                  + name
                  + " cannot be restored by Strata; restore this file with psql instead");
    }
  }

  /** Splits the collected text; when it ends inside a literal, the statement goes on. */
  private void flushStatements(boolean atEnd) {
    java.util.List<SqlStatement> statements;
    try {
      statements = splitter.split(sql.toString());
    } catch (SqlSyntaxException e) {
      if (atEnd) throw new SqlSyntaxException((int) (sqlStartLine + e.line() - 1), e.getMessage());
      return;
    }
    for (SqlStatement s : statements)
      pending.add(new Sql(s.text(), sqlStartLine + s.startLine() - 1));
    sql.setLength(0);
  }

  /**
   * Reads COPY rows straight into one piece (what the line reader had read ahead first), looking
   * for the {@code \.} line only where a line starts: one copy of the data in all. A piece ends
   * after the row that takes it past {@link #PIECE}; the bytes after that row, or after the {@code
   * \.}, go back to the read buffer. Reads are at most a buffer long, so they fit there.
   */
  private void readCopyPiece() throws IOException {
    byte[] rows = spare.poll();
    if (rows == null) rows = new byte[PIECE + buffer.length];
    int length = limit - position;
    System.arraycopy(buffer, position, rows, 0, length);
    position = limit = 0;
    int lineStart = 0;
    int scanned = 0;
    long startLine = line + 1;
    while (true) {
      int newline;
      while ((newline = indexOfNewline(rows, scanned, length)) >= 0) {
        line++;
        scanned = newline + 1;
        if (isEndOfData(rows, lineStart, scanned)) {
          giveBack(rows, scanned, length);
          pending.add(new Data(copyCommand, rows, lineStart, startLine));
          copyCommand = null;
          return;
        }
        lineStart = scanned;
        if (lineStart >= PIECE) {
          giveBack(rows, lineStart, length);
          pending.add(new Data(copyCommand, rows, lineStart, startLine));
          return;
        }
      }
      scanned = length;
      if (rows.length - length < buffer.length) {
        rows = java.util.Arrays.copyOf(rows, rows.length * 2); // a row longer than a piece
      }
      int n = in.read(rows, length, buffer.length);
      if (n <= 0) {
        // A file may end right after the \. without its newline.
        if (length - lineStart == 2 && rows[lineStart] == '\\' && rows[lineStart + 1] == '.') {
          pending.add(new Data(copyCommand, rows, lineStart, startLine));
          copyCommand = null;
          return;
        }
        throw new SqlSyntaxException(
            (int) copyLine, "the data of `" + copyCommand + "` ends early");
      }
      length += n;
    }
  }

  /** What was read past a piece's end goes back to the read buffer, for the next read. */
  private void giveBack(byte[] rows, int from, int to) {
    System.arraycopy(rows, from, buffer, 0, to - from);
    position = 0;
    limit = to - from;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The first {@code \n} in {@code a[from, to)}, or -1; eight bytes at a time (a row is a hundred
   * bytes or so, and a restore scans every byte of the data).
   */
  static int indexOfNewline(byte[] a, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(a, i) ^ 0x0A0A0A0A0A0A0A0AL;
      // The lowest 0x80 bit marks the first zero byte of x, the first newline (higher ones may
      // not).
      long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
    }
    for (; i < to; i++) if (a[i] == '\n') return i;
    return -1;
  }

  /** True for the line {@code \.} that ends a COPY block ({@code \r\n} too). */
  private static boolean isEndOfData(byte[] rows, int from, int to) {
    int n = to - from;
    if (n != 3 && n != 4) return false;
    if (rows[from] != '\\' || rows[from + 1] != '.') return false;
    return n == 3 ? rows[from + 2] == '\n' : rows[from + 2] == '\r' && rows[from + 3] == '\n';
  }

  /** Refills the read buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    limit = in.read(buffer, 0, buffer.length);
    position = 0;
    if (limit <= 0) {
      limit = 0;
      return false;
    }
    return true;
  }

  /** The next line with its {@code \n}, or null at the end of the stream. */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream out = null;
    while (true) {
      if (position == limit && !fill()) {
        return out == null || out.size() == 0 ? null : out.toByteArray();
      }
      int start = position;
      int newline = indexOfNewline(buffer, position, limit);
      boolean found = newline >= 0;
      position = found ? newline + 1 : limit;
      if (out == null && found) return java.util.Arrays.copyOfRange(buffer, start, position);
      if (out == null) out = new ByteArrayOutputStream(256);
      out.write(buffer, start, position - start);
      if (found) return out.toByteArray();
    }
  }
}

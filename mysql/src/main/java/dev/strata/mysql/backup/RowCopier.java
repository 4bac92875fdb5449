package dev.strata.mysql.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Copies the rows of one slice of a table as multi-row INSERTs of about a megabyte, one line each.
 * Values are read as the text protocol sends them and written as literals that give back the same
 * value: numbers as the server prints them, binary data as hex, text quoted with the client's
 * escapes, times and other types as the server prints them, quoted.
 */
final class RowCopier {
  /**
   * An INSERT is closed after about this many bytes: big enough to be fast, small for any client.
   */
  static final int INSERT_BYTES = 1 << 20;

  /**
   * Where finished INSERTs go, with the rows each inserts; each array is handed over and not
   * touched again.
   */
  interface Sink {
    void insert(byte[] statement, long rows) throws IOException;
  }

  private RowCopier() {}

  /** Copies the slice's rows on {@code c}; returns how many there were. */
  static long copy(Connection c, String database, Slice slice, Sink out)
      throws SQLException, IOException {
    List<DumpSchema.Column> columns = slice.table().stored();
    if (columns.isEmpty()) return 0;
    Literal[] kinds = new Literal[columns.size()];
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      DumpSchema.Column column = columns.get(i);
      String col = DumpSchema.quote(column.name());
      kinds[i] = Literal.of(column.dataType());
      if (i > 0) {
        select.append(", ");
        names.append(", ");
      }
      // The driver hands over the bytes of text and binary columns only; times and other types
      // come as text the server prints.
      select.append(kinds[i] == Literal.PRINTED ? "CAST(" + col + " AS CHAR)" : col);
      names.append(col);
    }
    select
        .append(" FROM ")
        .append(DumpSchema.quote(database))
        .append('.')
        .append(DumpSchema.quote(slice.table().name()))
        .append(slice.where());
    byte[] insert =
        ("INSERT INTO " + DumpSchema.quote(slice.table().name()) + " (" + names + ") VALUES ")
            .getBytes(StandardCharsets.UTF_8);
    try {
      return copy(c, select.toString(), insert, kinds, out);
    } catch (SQLException e) {
      throw new SQLException(
          "reading the rows of `" + slice.table().name() + "`: " + e.getMessage(),
          e.getSQLState(),
          e.getErrorCode(),
          e);
    }
  }

  private static long copy(Connection c, String select, byte[] insert, Literal[] kinds, Sink out)
      throws SQLException, IOException {
    long count = 0;
    long inBatch = 0;
    Bytes batch = new Bytes(INSERT_BYTES + 4096);
    try (Statement st = c.createStatement()) {
      st.setFetchSize(1000); // the driver streams the rows instead of holding them all
      try (ResultSet rs = st.executeQuery(select)) {
        while (rs.next()) {
          if (batch.isEmpty()) batch.add(insert);
          else batch.add((byte) ',');
          batch.add((byte) '(');
          for (int i = 0; i < kinds.length; i++) {
            if (i > 0) batch.add((byte) ',');
            kinds[i].append(batch, rs, i + 1);
          }
          batch.add((byte) ')');
          count++;
          inBatch++;
          if (batch.length() >= INSERT_BYTES) {
            out.insert(batch.add((byte) ';').add((byte) '\n').take(), inBatch);
            inBatch = 0;
          }
        }
      }
    }
    if (!batch.isEmpty()) out.insert(batch.add((byte) ';').add((byte) '\n').take(), inBatch);
    return count;
  }

  /**
   * The INSERT being built, as the bytes the file holds. Values come from the driver as the bytes
   * the server sent (utf8mb4, the connection's character set, which the file declares with SET
   * NAMES): escaping them byte by byte, the characters that need it all ASCII, gives the same text
   * as decoding, escaping and encoding again, at a fraction of the work.
   */
  static final class Bytes {
    private byte[] bytes;
    private int length;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    boolean isEmpty() {
      return length == 0;
    }

    int length() {
      return length;
    }

    Bytes add(byte b) {
      if (length == bytes.length) grow(1);
      bytes[length++] = b;
      return this;
    }

    Bytes add(byte[] more) {
      room(more.length);
      System.arraycopy(more, 0, bytes, length, more.length);
      length += more.length;
      return this;
    }

    /** Makes room for {@code needed} more bytes, so a loop may write them without checks. */
    private void room(int needed) {
      if (length + needed > bytes.length) grow(needed);
    }

    private void grow(int needed) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + needed));
    }

    /** The bytes so far, handed over; this starts again empty with a buffer of the same size. */
    byte[] take() {
      byte[] full = Arrays.copyOf(bytes, length);
      length = 0;
      return full;
    }
  }

  private static final Set<String> HEX_TYPES =
      Set.of(
          "binary",
          "varbinary",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "bit",
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection");
  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "tinyint",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "decimal",
          "numeric",
          "float",
          "double",
          "real");
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");

  /** How a column's value becomes a literal. */
  enum Literal {
    NUMBER,
    HEX,
    TEXT,
    PRINTED;

    private static final byte[] NULL = {'N', 'U', 'L', 'L'};
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.UTF_8);

    static Literal of(String dataType) {
      if (NUMBER_TYPES.contains(dataType)) return NUMBER;
      if (HEX_TYPES.contains(dataType)) return HEX;
      if (TEXT_TYPES.contains(dataType)) return TEXT;
      return PRINTED;
    }

    void append(Bytes out, ResultSet rs, int column) throws SQLException {
      if (this == NUMBER) {
        // Digits, sign, point and exponent: ASCII as the server prints them.
        String value = rs.getString(column);
        out.add(value == null ? NULL : value.getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      byte[] value = rs.getBytes(column);
      if (value == null) out.add(NULL);
      else if (this == HEX) hex(out, value);
      else quote(out, value);
    }

    private static void hex(Bytes out, byte[] value) {
      out.room(2 * value.length + 3);
      byte[] b = out.bytes;
      int at = out.length;
      b[at++] = 'X';
      b[at++] = '\'';
      for (byte v : value) {
        b[at++] = HEX_DIGITS[(v >> 4) & 0xF];
        b[at++] = HEX_DIGITS[v & 0xF];
      }
      b[at++] = '\'';
      out.length = at;
    }

    /**
     * Quoted with the client's escapes, so that every INSERT stays on one line. The bytes that need
     * one are ASCII, and no byte of a multi-byte UTF-8 character is: each is matched alone.
     */
    private static void quote(Bytes out, byte[] value) {
      out.room(2 * value.length + 2); // every byte escaped, at most
      byte[] b = out.bytes;
      int at = out.length;
      b[at++] = '\'';
      for (byte v : value) {
        switch (v) {
          case '\'' -> {
            b[at++] = '\\';
            b[at++] = '\'';
          }
          case '\\' -> {
            b[at++] = '\\';
            b[at++] = '\\';
          }
          case '\n' -> {
            b[at++] = '\\';
            b[at++] = 'n';
          }
          case '\r' -> {
            b[at++] = '\\';
            b[at++] = 'r';
          }
          case 0 -> {
            b[at++] = '\\';
            b[at++] = '0';
          }
          case 26 -> {
            b[at++] = '\\';
            b[at++] = 'Z';
          }
          default -> b[at++] = v;
        }
      }
      b[at++] = '\'';
      out.length = at;
    }
  }
}

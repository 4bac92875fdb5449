package dev.strata.mysql.backup;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A part of a table that one connection copies: the whole table, or a range of its integer primary
 * key. A large table is cut into ranges so that several connections copy it at once and none is
 * left with a big table at the end while the others wait.
 *
 * @param where {@code ""}, or a WHERE clause with a leading space
 * @param estimatedBytes the table's size on disk shared out between its slices
 */
record Slice(DumpSchema.Table table, String where, long estimatedBytes) {
  /** A table is cut into slices of about this much data on disk. */
  static final long SLICE_BYTES = 32L << 20;

  private static final int MAX_SLICES = 64;
  private static final Set<String> INTEGER_TYPES =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

  /**
   * The slices to copy, largest first. With one connection, or for a table without a one-column
   * integer primary key, a table is one slice. Ranges split the span between the smallest and the
   * largest key evenly; the first and last are open-ended, so every row is in exactly one.
   */
  static List<Slice> plan(Connection c, String database, List<DumpSchema.Table> tables, int jobs)
      throws SQLException {
    return plan(c, database, tables, jobs, SLICE_BYTES);
  }

  /** As {@link #plan(Connection, String, List, int)}, with slices of about {@code sliceBytes}. */
  static List<Slice> plan(
      Connection c, String database, List<DumpSchema.Table> tables, int jobs, long sliceBytes)
      throws SQLException {
    Map<String, String> keys = jobs > 1 ? integerKeys(c, database, tables) : Map.of();
    List<Slice> slices = new ArrayList<>();
    for (DumpSchema.Table table : tables) {
      String key = keys.get(table.name());
      long pieces = Math.min(MAX_SLICES, table.estimatedBytes() / sliceBytes);
      if (key == null || pieces < 2) {
        slices.add(new Slice(table, "", table.estimatedBytes()));
        continue;
      }
      slices.addAll(ranges(c, database, table, key, (int) pieces));
    }
    slices.sort(Comparator.comparingLong(Slice::estimatedBytes).reversed());
    return slices;
  }

  private static List<Slice> ranges(
      Connection c, String database, DumpSchema.Table table, String key, int pieces)
      throws SQLException {
    String column = DumpSchema.quote(key);
    String min;
    String max;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT MIN("
                    + column
                    + "), MAX("
                    + column
                    + ") FROM "
                    + DumpSchema.quote(database)
                    + "."
                    + DumpSchema.quote(table.name()))) {
      rs.next();
      min = rs.getString(1);
      max = rs.getString(2);
    }
    if (min == null) return List.of(new Slice(table, "", table.estimatedBytes()));
    BigInteger low = new BigInteger(min);
    BigInteger span = new BigInteger(max).subtract(low).add(BigInteger.ONE);
    int count = span.min(BigInteger.valueOf(pieces)).intValueExact();
    if (count < 2) return List.of(new Slice(table, "", table.estimatedBytes()));
    List<String> bounds = new ArrayList<>();
    for (int i = 1; i < count; i++)
      bounds.add(
          low.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count)))
              .toString());
    List<Slice> slices = new ArrayList<>();
    long share = table.estimatedBytes() / count;
    for (int i = 0; i < count; i++) {
      List<String> conditions = new ArrayList<>();
      if (i > 0) conditions.add(column + " >= " + bounds.get(i - 1));
      if (i < count - 1) conditions.add(column + " < " + bounds.get(i));
      slices.add(new Slice(table, " WHERE " + String.join(" AND ", conditions), share));
    }
    return slices;
  }

  /** Tables whose primary key is one integer column, with that column. */
  private static Map<String, String> integerKeys(
      Connection c, String database, List<DumpSchema.Table> tables) throws SQLException {
    Map<String, List<String>> primary = new HashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND INDEX_NAME = 'PRIMARY'")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next())
          primary.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    Map<String, String> keys = new HashMap<>();
    for (DumpSchema.Table table : tables) {
      List<String> columns = primary.get(table.name());
      if (columns == null || columns.size() != 1) continue;
      table.stored().stream()
          .filter(col -> col.name().equals(columns.get(0)))
          .filter(col -> INTEGER_TYPES.contains(col.dataType()))
          .findFirst()
          .ifPresent(col -> keys.put(table.name(), col.name()));
    }
    return keys;
  }
}

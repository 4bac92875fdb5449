package dev.strata.postgres.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the catalog queries kept next to this class as {@code .sql} resources. */
final class CatalogQuery {
  // Both sides of a diff are read at the same time: they share the texts.
  private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

  private CatalogQuery() {}

  /** Receives one row of a query's result. */
  interface Row {
    void read(ResultSet row) throws SQLException;
  }

  /** Reads a whole result, in a loop of its own. */
  interface Rows {
    void read(ResultSet rows) throws SQLException;
  }

  /**
   * Runs the query of resource {@code name} and hands its whole result to {@code rows}: for the
   * queries of tens of thousands of rows. A callback per row would be called often enough for the
   * JIT's optimizing compiler to take it up, and that work (a few hundred milliseconds of CPU,
   * competing with the reading) would only end after the rows are read: a schema is read once per
   * process.
   */
  static void forAll(Connection connection, String name, Rows rows) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql(name))) {
      rows.read(rs);
    } catch (SQLException e) {
      throw new SQLException(
          "reading the schema (" + name + ") failed: " + e.getMessage(), e.getSQLState(), e);
    }
  }

  /** Runs the query of resource {@code name} and hands each row to {@code row}. */
  static void forEach(Connection connection, String name, Row row) throws SQLException {
    run(connection, name, sql(name), row);
  }

  /** Runs {@code sql}, built at run time; {@code name} says what it reads, for errors. */
  static void run(Connection connection, String name, String sql, Row row) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) row.read(rs);
    } catch (SQLException e) {
      throw new SQLException(
          "reading the schema (" + name + ") failed: " + e.getMessage(), e.getSQLState(), e);
    }
  }

  /** The query of resource {@code name}, read from the jar once per process. */
  static String sql(String name) {
    return TEXTS.computeIfAbsent(name, CatalogQuery::load);
  }

  private static String load(String name) {
    try (InputStream in = CatalogQuery.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing catalog query " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A nullable oid or number column. */
  static Long optionalLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /** A {@code "char"} column read as text: empty for the zero byte ('' in attidentity). */
  static char flag(ResultSet row, String column) throws SQLException {
    String value = row.getString(column);
    return value == null || value.isEmpty() ? 0 : value.charAt(0);
  }

  /** Text of a pg_get_*def function without the trailing semicolon and blanks some of them add. */
  static String withoutSemicolon(String definition) {
    String text = definition.strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).stripTrailing() : text;
  }
}

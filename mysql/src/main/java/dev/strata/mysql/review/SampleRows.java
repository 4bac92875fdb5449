package dev.strata.mysql.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the first rows of each table of the target into the same table of a shadow database, over
 * the two connections, so the shadow may sit on another server. Generated columns are left to the
 * server; foreign keys are not checked, since a sample of each table lacks rows the others refer
 * to. Triggers cannot be switched off on MySQL: a trigger that fails on the sample fails the copy.
 */
final class SampleRows {
  private static final int BATCH = 500;

  private final Connection from;
  private final String fromDatabase;
  private final Connection to;
  private final String toDatabase;

  SampleRows(Connection from, String fromDatabase, Connection to, String toDatabase) {
    this.from = from;
    this.fromDatabase = fromDatabase;
    this.to = to;
    this.toDatabase = toDatabase;
  }

  void copy(List<String> tables, int rows) throws SQLException {
    try (Statement st = to.createStatement()) {
      st.execute("SET SESSION foreign_key_checks = 0");
    }
    try {
      for (String table : tables) copy(table, rows);
    } finally {
      try (Statement st = to.createStatement()) {
        st.execute("SET SESSION foreign_key_checks = 1");
      }
    }
  }

  private void copy(String table, int rows) throws SQLException {
    List<String> columns = storedColumns(table);
    if (columns.isEmpty()) return;
    String list = String.join(", ", columns.stream().map(MysqlReviewEngine::quote).toList());
    String read =
        "SELECT "
            + list
            + " FROM "
            + MysqlReviewEngine.quote(fromDatabase)
            + "."
            + MysqlReviewEngine.quote(table)
            + " LIMIT "
            + rows;
    String write =
        "INSERT INTO "
            + MysqlReviewEngine.quote(toDatabase)
            + "."
            + MysqlReviewEngine.quote(table)
            + " ("
            + list
            + ") VALUES ("
            + String.join(", ", columns.stream().map(c -> "?").toList())
            + ")";
    boolean autoCommit = to.getAutoCommit();
    to.setAutoCommit(false);
    try (Statement reader = from.createStatement();
        ResultSet rs = reader.executeQuery(read);
        PreparedStatement writer = to.prepareStatement(write)) {
      int pending = 0;
      while (rs.next()) {
        for (int i = 1; i <= columns.size(); i++) writer.setObject(i, rs.getObject(i));
        writer.addBatch();
        if (++pending == BATCH) {
          writer.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) writer.executeBatch();
      to.commit();
    } catch (SQLException e) {
      to.rollback();
      throw e;
    } finally {
      to.setAutoCommit(autoCommit);
    }
  }

  private List<String> storedColumns(String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement st =
        from.prepareStatement(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%'"
                + " ORDER BY ORDINAL_POSITION")) {
      st.setString(1, fromDatabase);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) columns.add(rs.getString(1));
      }
    }
    return columns;
  }
}

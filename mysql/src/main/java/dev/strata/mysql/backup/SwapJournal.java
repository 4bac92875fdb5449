package dev.strata.mysql.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The swap of a restore, written down before its first statement runs, in the database that
 * receives the replaced tables ({@code strata_old_…._strata_swap}), and marked step by step. Each
 * step can run again (DROP … IF EXISTS, CREATE OR REPLACE, a DROP before each CREATE; the RENAME is
 * known done when its tables have moved), so a restore killed inside its swap is finished by the
 * next one: the database ends fully restored, never half.
 */
final class SwapJournal {
  static final String TABLE = "_strata_swap";

  /** Table or view, routine, trigger, event: already exists. */
  private static final java.util.Set<Integer> ALREADY_EXISTS =
      java.util.Set.of(1050, 1304, 1359, 1537);

  private SwapJournal() {}

  /** Writes the steps; nothing has changed yet. */
  static void write(Connection live, String old, List<String> steps) throws SQLException {
    String table = DumpSchema.quote(old) + "." + DumpSchema.quote(TABLE);
    try (Statement st = live.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + table
              + " (step INT PRIMARY KEY, statement LONGTEXT NOT NULL, done TINYINT NOT NULL DEFAULT 0)"
              + " ENGINE=InnoDB");
    }
    try (PreparedStatement st =
        live.prepareStatement("INSERT INTO " + table + " (step, statement) VALUES (?, ?)")) {
      for (int i = 0; i < steps.size(); i++) {
        st.setInt(1, i);
        st.setString(2, steps.get(i));
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** Runs the steps not yet done, in order; the last one drops the journal with its database. */
  static void finish(Connection live, String old) throws SQLException {
    String table = DumpSchema.quote(old) + "." + DumpSchema.quote(TABLE);
    List<Integer> numbers = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    try (Statement st = live.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT step, statement FROM " + table + " WHERE done = 0 ORDER BY step")) {
      while (rs.next()) {
        numbers.add(rs.getInt(1));
        statements.add(rs.getString(2));
      }
    }
    for (int i = 0; i < statements.size(); i++) {
      String sql = statements.get(i);
      try (Statement st = live.createStatement()) {
        st.setEscapeProcessing(false);
        st.execute(sql);
      } catch (SQLException e) {
        // The first step left ran before a kill and was not marked: the RENAME's tables are no
        // longer where it takes them from; what a CREATE makes (right after its DROP … IF EXISTS)
        // exists.
        boolean renamedAlready =
            sql.startsWith("RENAME TABLE ")
                && (e.getErrorCode() == 1146 || e.getErrorCode() == 1050);
        boolean createdAlready =
            i == 0 && sql.startsWith("CREATE ") && ALREADY_EXISTS.contains(e.getErrorCode());
        if (!renamedAlready && !createdAlready) throw e;
      }
      if (sql.startsWith("DROP DATABASE IF EXISTS " + DumpSchema.quote(old))) return;
      try (Statement st = live.createStatement()) {
        st.execute("UPDATE " + table + " SET done = 1 WHERE step = " + numbers.get(i));
      }
    }
  }

  /** The old-tables databases whose swap did not finish. */
  static List<String> interrupted(Connection live) throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement st =
        live.prepareStatement(
            "SELECT TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_NAME = ?"
                + " AND TABLE_SCHEMA LIKE 'strata\\_old\\_%' ORDER BY TABLE_SCHEMA")) {
      st.setString(1, TABLE);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) found.add(rs.getString(1));
      }
    }
    return found;
  }
}

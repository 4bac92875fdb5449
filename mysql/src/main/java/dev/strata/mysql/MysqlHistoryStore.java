package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.history.HistoryWrite;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table on MySQL and MariaDB, with exactly the columns and types of Prisma's MySQL
 * {@code _prisma_migrations} (VARCHAR(36) ids, DATETIME(3) times, an unsigned step count), so
 * Prisma and Strata continue each other's history. Times are the server's {@code
 * CURRENT_TIMESTAMP(3)}, as Prisma writes them, and read back through {@code UNIX_TIMESTAMP}.
 */
final class MysqlHistoryStore implements HistoryStore {
  private final Connection connection;
  private final HistoryTable table;
  private final String database;
  private final String qualified;

  MysqlHistoryStore(Connection connection, HistoryTable table, String database) {
    this.connection = connection;
    this.table = table;
    this.database = table.schema().orElse(database);
    this.qualified = Sql.identifier(this.database) + "." + Sql.identifier(table.name());
  }

  @Override
  public HistoryTable table() {
    return table;
  }

  @Override
  public boolean exists() {
    try {
      return tableExists(connection, database, table.name());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  static boolean tableExists(Connection connection, String database, String name)
      throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND TABLE_TYPE = 'BASE TABLE'")) {
      st.setString(1, database);
      st.setString(2, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void createIfMissing() {
    if (exists()) return;
    execute(
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (\n"
            + "    `id`                    VARCHAR(36) NOT NULL,\n"
            + "    `checksum`              VARCHAR(64) NOT NULL,\n"
            + "    `finished_at`           DATETIME(3) NULL,\n"
            + "    `migration_name`        VARCHAR(255) NOT NULL,\n"
            + "    `logs`                  TEXT NULL,\n"
            + "    `rolled_back_at`        DATETIME(3) NULL,\n"
            + "    `started_at`            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n"
            + "    `applied_steps_count`   INTEGER UNSIGNED NOT NULL DEFAULT 0,\n"
            + "\n"
            + "    PRIMARY KEY (`id`)\n"
            + ") ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        "create");
  }

  @Override
  public List<AppliedMigration> list() {
    if (!exists()) return List.of();
    // Two rows written in the same millisecond keep their order by name (Prisma's timestamps).
    String sql =
        "SELECT id, checksum, UNIX_TIMESTAMP(finished_at), migration_name, logs,"
            + " UNIX_TIMESTAMP(rolled_back_at), UNIX_TIMESTAMP(started_at), applied_steps_count"
            + " FROM "
            + qualified
            + " ORDER BY started_at, finished_at IS NULL, finished_at, migration_name";
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<AppliedMigration> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            new AppliedMigration(
                rs.getString(1),
                rs.getString(2),
                instant(rs, 3),
                rs.getString(4),
                rs.getString(5),
                instant(rs, 6),
                instant(rs, 7),
                rs.getInt(8)));
      }
      return rows;
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public void write(HistoryWrite write) {
    execute(sql(write), "write");
  }

  /** The one statement that makes {@code write}, to be sent in whatever transaction is open. */
  String sql(HistoryWrite write) {
    String now = "CURRENT_TIMESTAMP(3)";
    if (write instanceof HistoryWrite.Started w) {
      return insert(
          w.id(), w.name(), w.checksum(), "NULL", Sql.literal(w.progress().line()), now, 0);
    }
    if (write instanceof HistoryWrite.Progress w) {
      return update(
          w.id(),
          "applied_steps_count = "
              + w.progress().applied()
              + ", checksum = "
              + Sql.literal(w.checksum())
              + ", logs = "
              + Sql.literal(w.progress().line()));
    }
    if (write instanceof HistoryWrite.Finished w) {
      return update(
          w.id(),
          "finished_at = "
              + now
              + ", applied_steps_count = "
              + w.steps()
              + ", checksum = "
              + Sql.literal(w.checksum())
              + ", logs = NULL");
    }
    if (write instanceof HistoryWrite.Applied w) {
      return insert(w.id(), w.name(), w.checksum(), now, "NULL", now, w.steps());
    }
    if (write instanceof HistoryWrite.Resolved w) {
      return insert(w.id(), w.name(), w.checksum(), now, "NULL", now, 0);
    }
    if (write instanceof HistoryWrite.Failed w) {
      return update(w.id(), "logs = " + Sql.literal(w.logs()));
    }
    if (write instanceof HistoryWrite.FailedNew w) {
      return insert(w.id(), w.name(), w.checksum(), "NULL", Sql.literal(w.logs()), now, 0);
    }
    if (write instanceof HistoryWrite.RolledBack w) {
      return update(w.id(), "rolled_back_at = " + now);
    }
    if (write instanceof HistoryWrite.Baseline) {
      throw new IllegalArgumentException(
          "a baseline row belongs to Flyway's format; " + table + " records one row per migration");
    }
    throw new IllegalArgumentException("unknown history write " + write);
  }

  private String insert(
      String id,
      String name,
      String checksum,
      String finishedAt,
      String logs,
      String startedAt,
      int steps) {
    return "INSERT INTO "
        + qualified
        + " (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)"
        + " VALUES ("
        + Sql.literal(id)
        + ", "
        + Sql.literal(checksum)
        + ", "
        + finishedAt
        + ", "
        + Sql.literal(name)
        + ", "
        + logs
        + ", "
        + startedAt
        + ", "
        + steps
        + ")";
  }

  private String update(String id, String set) {
    return "UPDATE " + qualified + " SET " + set + " WHERE id = " + Sql.literal(id);
  }

  private void execute(String sql, String verb) {
    try (Statement st = connection.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    } catch (SQLException e) {
      throw failure(verb, e);
    }
  }

  private StrataException failure(String verb, SQLException e) {
    String hint =
        e.getErrorCode() == 1142 || e.getErrorCode() == 1044
            ? " The database user needs CREATE, INSERT and UPDATE on " + database + "."
            : "";
    return new StrataException(
        ExitCode.FAILED,
        "Cannot "
            + verb
            + " the history table "
            + database
            + "."
            + table.name()
            + ": "
            + MysqlErrors.message(e)
            + "."
            + hint,
        e);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    BigDecimal seconds = rs.getBigDecimal(column);
    if (seconds == null) return null;
    long whole = seconds.longValue();
    long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole, nanos);
  }
}

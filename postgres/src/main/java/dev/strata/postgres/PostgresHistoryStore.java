package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.history.HistoryWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table on PostgreSQL, with exactly the columns and types of Prisma's {@code
 * _prisma_migrations}.
 */
final class PostgresHistoryStore implements SqlHistory {
  private final Connection connection;
  private final HistoryTable table;
  private final String qualified;
  private final String schema;

  PostgresHistoryStore(Connection connection, HistoryTable table, String schema) {
    this.connection = connection;
    this.table = table;
    this.schema = schema;
    this.qualified = Sql.identifier(schema) + "." + Sql.identifier(table.name());
  }

  /** The schema-qualified, quoted table name, for SQL built elsewhere in this package. */
  String qualifiedName() {
    return qualified;
  }

  @Override
  public HistoryTable table() {
    return table;
  }

  @Override
  public boolean exists() {
    try {
      return tableExists(connection, schema, table.name());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Whether {@code schema.name} is a table (partitioned or not). */
  static boolean tableExists(Connection connection, String schema, String name)
      throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
      st.setString(1, schema);
      st.setString(2, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void createIfMissing() {
    if (exists()) return;
    // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the
    // schema exists, which a least-privilege application user does not have.
    if (!schemaExists()) execute("CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(schema), "create");
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (\n"
            + "    \"id\"                    VARCHAR(36) PRIMARY KEY NOT NULL,\n"
            + "    \"checksum\"              VARCHAR(64) NOT NULL,\n"
            + "    \"finished_at\"           TIMESTAMPTZ,\n"
            + "    \"migration_name\"        VARCHAR(255) NOT NULL,\n"
            + "    \"logs\"                  TEXT,\n"
            + "    \"rolled_back_at\"        TIMESTAMPTZ,\n"
            + "    \"started_at\"            TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
            + "    \"applied_steps_count\"   INTEGER NOT NULL DEFAULT 0\n"
            + ")";
    execute(ddl, "create");
  }

  private boolean schemaExists() {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public List<AppliedMigration> list() {
    if (!exists()) return List.of();
    String sql =
        "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at,"
            + " applied_steps_count FROM "
            + qualified
            + " ORDER BY started_at, finished_at NULLS LAST";
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

  @Override
  public String sql(HistoryWrite write) {
    if (write instanceof HistoryWrite.Started w) {
      return insert(
          w.id(),
          w.name(),
          w.checksum(),
          "NULL",
          Sql.literal(w.progress().line()),
          "clock_timestamp()",
          0);
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
          "finished_at = clock_timestamp(), applied_steps_count = "
              + w.steps()
              + ", checksum = "
              + Sql.literal(w.checksum())
              + ", logs = NULL");
    }
    if (write instanceof HistoryWrite.Applied w) {
      return insert(
          w.id(),
          w.name(),
          w.checksum(),
          "clock_timestamp()",
          "NULL",
          // now() is the transaction's start; in a batch, a migration starts when the one
          // before it finished.
          w.startedWhenFinished()
              .map(
                  previous ->
                      "(SELECT finished_at FROM "
                          + qualified
                          + " WHERE id = "
                          + Sql.literal(previous)
                          + ")")
              .orElse("now()"),
          w.steps());
    }
    if (write instanceof HistoryWrite.Resolved w) {
      return insert(
          w.id(), w.name(), w.checksum(), "clock_timestamp()", "NULL", "clock_timestamp()", 0);
    }
    if (write instanceof HistoryWrite.Failed w) {
      return update(w.id(), "logs = " + Sql.literal(w.logs()));
    }
    if (write instanceof HistoryWrite.FailedNew w) {
      return insert(
          w.id(), w.name(), w.checksum(), "NULL", Sql.literal(w.logs()), "clock_timestamp()", 0);
    }
    if (write instanceof HistoryWrite.RolledBack w) {
      return update(w.id(), "rolled_back_at = clock_timestamp()");
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
    execute(connection, schema, table, sql, verb);
  }

  private StrataException failure(String verb, SQLException e) {
    return failure(schema, table, verb, e);
  }

  /** Runs one statement on the history table {@code schema.table}, as written (no escapes). */
  static void execute(
      Connection connection, String schema, HistoryTable table, String sql, String verb) {
    try (Statement st = connection.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    } catch (SQLException e) {
      throw failure(schema, table, verb, e);
    }
  }

  /** What could not be done to the history table, and what the user needs when it is privileges. */
  static StrataException failure(String schema, HistoryTable table, String verb, SQLException e) {
    String hint =
        "42501".equals(e.getSQLState())
            ? " The database user needs CREATE on schema "
                + schema
                + " and write access to "
                + table
                + "."
            : "";
    return new StrataException(
        ExitCode.FAILED,
        "Cannot "
            + verb
            + " the history table "
            + schema
            + "."
            + table.name()
            + ": "
            + e.getMessage()
            + "."
            + hint,
        e);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}

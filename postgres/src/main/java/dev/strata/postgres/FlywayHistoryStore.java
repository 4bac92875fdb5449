package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.history.HistoryWrite;
import dev.strata.core.source.FlywayName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flyway's {@code flyway_schema_history}, kept as Flyway keeps it, so that Flyway's {@code
 * validate} and {@code info} see what Strata applied, and Strata sees what Flyway applied.
 *
 * <p>Flyway's table has no room for what Strata records of a migration run statement by statement
 * (the steps done, the one in flight) or of a failure (its message), so Strata's own rows live in
 * {@code _strata_migrations} beside it (the bookkeeping), and every write that applies, resolves or
 * rolls back a migration changes Flyway's row in the same statement. A migration in progress or
 * stopped half-way has a Flyway row with {@code success = false}, so Flyway, like Strata, refuses
 * to run past it. Rows only Flyway wrote are read as applied (or failed) migrations of their own.
 */
final class FlywayHistoryStore implements SqlHistory {
  private static final String SYNTHESIZED = "flyway:";

  private final Connection connection;
  private final HistoryTable table;
  private final String schema;
  private final String qualified;
  private final PostgresHistoryStore bookkeeping;

  FlywayHistoryStore(
      Connection connection, HistoryTable table, String schema, PostgresHistoryStore bookkeeping) {
    this.connection = connection;
    this.table = table;
    this.schema = schema;
    this.qualified = Sql.identifier(schema) + "." + Sql.identifier(table.name());
    this.bookkeeping = bookkeeping;
  }

  /** Whether {@code schema.name} is a table with Flyway's columns. */
  static boolean hasFlywayColumns(Connection connection, String schema, String name) {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND NOT a.attisdropped"
                + " AND a.attname IN ('installed_rank', 'script', 'success')")) {
      st.setString(1, schema);
      st.setString(2, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getInt(1) == 3;
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public HistoryTable table() {
    return table;
  }

  @Override
  public boolean exists() {
    try {
      return PostgresHistoryStore.tableExists(connection, schema, table.name());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Flyway's table as Flyway creates it on PostgreSQL, and the bookkeeping beside it, in one
   * transaction: a deployer killed between the two would leave Strata's table alone, which the next
   * run would take for the history (an existing table wins) and Flyway would never see.
   */
  @Override
  public void createIfMissing() {
    if (exists() && bookkeeping.exists()) return;
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        bookkeeping.createIfMissing(); // the schema too, when missing
        createFlywayTable();
        connection.commit();
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("create", e);
    }
  }

  private void createFlywayTable() {
    String pk = Sql.identifier(table.name() + "_pk");
    String index = Sql.identifier(table.name() + "_s_idx");
    execute(
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (\n"
            + "    \"installed_rank\" INT NOT NULL,\n"
            + "    \"version\" VARCHAR(50),\n"
            + "    \"description\" VARCHAR(200) NOT NULL,\n"
            + "    \"type\" VARCHAR(20) NOT NULL,\n"
            + "    \"script\" VARCHAR(1000) NOT NULL,\n"
            + "    \"checksum\" INTEGER,\n"
            + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
            + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
            + "    \"execution_time\" INTEGER NOT NULL,\n"
            + "    \"success\" BOOLEAN NOT NULL,\n"
            + "    CONSTRAINT "
            + pk
            + " PRIMARY KEY (\"installed_rank\")\n"
            + ")",
        "create");
    execute(
        "CREATE INDEX IF NOT EXISTS " + index + " ON " + qualified + " (\"success\")", "create");
  }

  /**
   * Strata's rows, and Flyway's rows that none of them accounts for (applied or failed by Flyway
   * itself), oldest first. A Flyway row is accounted for by a Strata row of the same migration and
   * checksum in the same state: Strata wrote it.
   */
  @Override
  public List<AppliedMigration> list() {
    if (!exists()) return List.of();
    List<AppliedMigration> ours = bookkeeping.exists() ? bookkeeping.list() : List.of();
    List<AppliedMigration> rows = new ArrayList<>(ours);
    String sql =
        "SELECT installed_rank, version, description, type, script, checksum,"
            + " installed_on::timestamptz, execution_time, success FROM "
            + qualified
            + " ORDER BY installed_rank";
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String type = rs.getString(4);
        Instant installedOn = rs.getObject(7, OffsetDateTime.class).toInstant();
        Instant started = installedOn.minusMillis(rs.getInt(8));
        String id = SYNTHESIZED + rs.getInt(1);
        if ("BASELINE".equals(type)) {
          rows.add(
              new AppliedMigration(
                  id,
                  rs.getString(2),
                  installedOn,
                  AppliedMigration.FLYWAY_BASELINE,
                  null,
                  null,
                  started,
                  0));
          continue;
        }
        if (!"SQL".equals(type)) continue; // Flyway's own schema creation, Java migrations, undo
        String name = nameOf(rs.getString(5));
        int checksumValue = rs.getInt(6);
        String checksum = rs.wasNull() ? null : String.valueOf(checksumValue);
        boolean success = rs.getBoolean(9);
        if (accountedFor(ours, name, checksum, success)) continue;
        rows.add(
            new AppliedMigration(
                id,
                checksum,
                success ? installedOn : null,
                name,
                success
                    ? null
                    : "Flyway recorded this migration as failed (success = false in "
                        + table
                        + "): it may be half applied.",
                null,
                started,
                0));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    rows.sort(Comparator.comparing(AppliedMigration::startedAt));
    return rows;
  }

  private static boolean accountedFor(
      List<AppliedMigration> ours, String name, String checksum, boolean success) {
    for (AppliedMigration row : ours) {
      if (!row.migrationName().equals(name) || !java.util.Objects.equals(row.checksum(), checksum))
        continue;
      if (success ? row.isFinished() && !row.isRolledBack() : row.isUnfinished()) return true;
    }
    return false;
  }

  /** Flyway's {@code script} is the file's path under its location; Strata names the file. */
  private static String nameOf(String script) {
    String file = script.substring(script.lastIndexOf('/') + 1);
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")
        ? file.substring(0, file.length() - 4)
        : file;
  }

  @Override
  public void write(HistoryWrite write) {
    execute(sql(write), "write");
  }

  /**
   * Strata's row and Flyway's in one statement: the bookkeeping change in a data-modifying {@code
   * WITH}, Flyway's after it.
   */
  @Override
  public String sql(HistoryWrite write) {
    if (write.id().startsWith(SYNTHESIZED)) return flywayOnly(write);
    // Flyway's own row alone: what it covers has no row in either table.
    if (write instanceof HistoryWrite.Baseline w) {
      return insertRow(
          Sql.literal(w.version()),
          AppliedMigration.FLYWAY_BASELINE,
          "BASELINE",
          AppliedMigration.FLYWAY_BASELINE,
          "NULL",
          "0",
          true,
          "");
    }
    String ours = bookkeeping.sql(write);
    if (write instanceof HistoryWrite.Started w) {
      return withReturning(ours)
          + flywayInsertSelect(w.name(), w.checksum(), "0", false, "FROM ours");
    }
    if (write instanceof HistoryWrite.Applied w) {
      String started =
          w.startedWhenFinished()
              .map(
                  previous ->
                      "(SELECT finished_at FROM "
                          + bookkeeping.qualifiedName()
                          + " WHERE id = "
                          + Sql.literal(previous)
                          + ")")
              .orElse("now()");
      return withReturning(ours)
          + flywayInsertSelect(w.name(), w.checksum(), elapsedSince(started), true, "FROM ours");
    }
    if (write instanceof HistoryWrite.Resolved w) {
      return withReturning(ours)
          + flywayInsertSelect(w.name(), w.checksum(), "0", true, "FROM ours");
    }
    if (write instanceof HistoryWrite.Finished w) {
      return withReturning(ours)
          + "UPDATE "
          + qualified
          + " f SET success = true, checksum = "
          + Integer.parseInt(w.checksum())
          + ", installed_on = now()::timestamp, execution_time = "
          + elapsedSince("ours.started_at")
          + " FROM ours WHERE NOT f.success AND "
          + sameMigration("ours.migration_name");
    }
    if (write instanceof HistoryWrite.RolledBack) {
      // Flyway then sees it pending again: a failed or half-done row removed, as `flyway repair`
      // removes it; an applied versioned one removed, as an undo leaves it.
      return withReturning(ours)
          + "DELETE FROM "
          + qualified
          + " f USING ours WHERE "
          + sameMigration("ours.migration_name")
          + " AND (f.version IS NOT NULL OR NOT f.success)";
    }
    // Progress, Failed, FailedNew: Strata's bookkeeping alone; Flyway's row (success = false while
    // a
    // run is unfinished, none for a transaction rolled back) already says what Flyway needs to
    // know.
    return ours;
  }

  /** A write on a row only Flyway wrote: resolving it removes it, as `flyway repair` does. */
  private String flywayOnly(HistoryWrite write) {
    String rank = write.id().substring(SYNTHESIZED.length());
    if (write instanceof HistoryWrite.RolledBack) {
      return "DELETE FROM " + qualified + " WHERE installed_rank = " + Integer.parseInt(rank);
    }
    throw new IllegalStateException("cannot record " + write + " on a row Flyway wrote");
  }

  /** The bookkeeping statement as a {@code WITH ours AS (... RETURNING ...)} prefix. */
  private static String withReturning(String bookkeepingStatement) {
    return "WITH ours AS ("
        + bookkeepingStatement
        + " RETURNING migration_name, started_at, finished_at) ";
  }

  private String flywayInsertSelect(
      String name, String checksum, String executionTime, boolean success, String from) {
    FlywayName parsed =
        FlywayName.parse(name)
            .orElseThrow(
                () ->
                    new StrataException(
                        ExitCode.USAGE,
                        "Migration `"
                            + name
                            + "` is not named as Flyway names migrations (V<version>__<description>.sql"
                            + " or R__<description>.sql), so it cannot be recorded in "
                            + table
                            + "."));
    return insertRow(
        parsed.versionText().map(Sql::literal).orElse("NULL"),
        parsed.description(),
        "SQL",
        name + ".sql",
        String.valueOf(Integer.parseInt(checksum)),
        executionTime,
        success,
        from);
  }

  /** One row of Flyway's, ranked after the others; {@code version} and {@code checksum} as SQL. */
  private String insertRow(
      String version,
      String description,
      String type,
      String script,
      String checksum,
      String executionTime,
      boolean success,
      String from) {
    return "INSERT INTO "
        + qualified
        + " (installed_rank, version, description, type, script, checksum, installed_by,"
        + " execution_time, success) SELECT "
        + nextRank()
        + ", "
        + version
        + ", "
        + Sql.literal(description)
        + ", "
        + Sql.literal(type)
        + ", "
        + Sql.literal(script)
        + ", "
        + checksum
        + ", current_user, "
        + executionTime
        + ", "
        + success
        + " "
        + from;
  }

  private String nextRank() {
    return "(SELECT coalesce(max(installed_rank), 0) + 1 FROM " + qualified + ")";
  }

  /** Milliseconds from {@code start} to now, as Flyway's {@code execution_time}. */
  private static String elapsedSince(String start) {
    return "greatest(0, (extract(epoch FROM clock_timestamp() - " + start + ") * 1000)::int)";
  }

  /** Flyway's row {@code f} is of the migration Strata names {@code nameExpression}. */
  private static String sameMigration(String nameExpression) {
    return "(f.script = "
        + nameExpression
        + " || '.sql' OR f.script LIKE '%/' || "
        + nameExpression
        + " || '.sql')";
  }

  private void execute(String sql, String verb) {
    PostgresHistoryStore.execute(connection, schema, table, sql, verb);
  }

  private StrataException failure(String verb, SQLException e) {
    return PostgresHistoryStore.failure(schema, table, verb, e);
  }
}

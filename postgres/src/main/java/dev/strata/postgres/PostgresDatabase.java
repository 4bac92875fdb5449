package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.MigrationRunner;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One connection to a PostgreSQL database. */
final class PostgresDatabase implements Database {
  private static final Set<String> PROVIDERS = Set.of("postgresql", "postgres");

  private final Connection connection;
  private final String description;
  private final String defaultSchema;
  private final AutoCloseable onClose;
  private final ConnectionSpec spec;

  PostgresDatabase(
      Connection connection,
      ConnectionSpec spec,
      String where,
      Optional<String> urlSchema,
      AutoCloseable onClose) {
    this.connection = connection;
    this.spec = spec;
    this.onClose = onClose;
    try (Statement st = connection.createStatement()) {
      // Prisma's ?schema= is the schema migrations run in: put it first on the search path.
      if (urlSchema.isPresent())
        st.execute("SET search_path TO " + Sql.identifier(urlSchema.get()));
      try (ResultSet rs =
          st.executeQuery("SELECT current_setting('server_version'), current_schema()")) {
        rs.next();
        this.description = "PostgreSQL " + rs.getString(1).replaceFirst(" .*", "") + " at " + where;
        this.defaultSchema =
            urlSchema.orElseGet(
                () -> {
                  try {
                    return rs.getString(2) == null ? "public" : rs.getString(2);
                  } catch (SQLException e) {
                    return "public";
                  }
                });
      }
    } catch (SQLException e) {
      close();
      throw new StrataException(
          ExitCode.FAILED, "Cannot prepare the session on " + where + ": " + e.getMessage(), e);
    }
  }

  Connection connection() {
    return connection;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<String> failedAssertions(List<String> statements) {
    List<String> failed = new java.util.ArrayList<>();
    for (String sql : statements) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        if (!rs.next()) failed.add("`" + sql + "` returned no row");
        else if (!rs.getBoolean(1)) failed.add("`" + sql + "` returned " + rs.getString(1));
      } catch (SQLException e) {
        failed.add("`" + sql + "` failed: " + e.getMessage());
      }
    }
    return failed;
  }

  @Override
  public String databaseName() {
    return spec.database();
  }

  @Override
  public boolean acceptsProvider(String provider) {
    return PROVIDERS.contains(provider.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public HistoryTable historyTable(Optional<HistoryTable> override) {
    if (override.isPresent()) return override.get();
    HistoryTable prisma = new HistoryTable(Optional.empty(), HistoryTable.PRISMA);
    if (history(prisma).exists()) return prisma;
    return new HistoryTable(Optional.empty(), HistoryTable.STRATA);
  }

  @Override
  public PostgresHistoryStore history(HistoryTable table) {
    return new PostgresHistoryStore(connection, table, table.schema().orElse(defaultSchema));
  }

  @Override
  public DeployLock lock(HistoryTable table, Duration wait, LockListener listener) {
    return AdvisoryLock.acquire(connection, table, wait, listener);
  }

  @Override
  public dev.strata.core.backup.BackupEngine backups() {
    return new dev.strata.postgres.backup.PostgresBackupEngine(spec, this::closeConnection);
  }

  /** Closes this session's connection early, so that restore can rename the database. */
  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Already broken; nothing to release.
    }
  }

  @Override
  public MigrationRunner runner(HistoryStore history, dev.strata.core.execute.RunLimits limits) {
    return new PostgresRunner(connection, (PostgresHistoryStore) history, limits);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken connection fails; nothing is left to release.
    }
    try {
      if (onClose != null) onClose.close();
    } catch (Exception e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot stop the embedded database: " + e.getMessage(), e);
    }
  }
}

package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.LockHolder;
import dev.strata.core.dialect.Readiness;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.ScriptSession;
import dev.strata.core.history.HistoryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** One connection to a MySQL or MariaDB database. */
final class MysqlDatabase implements Database {
  private static final Set<String> PROVIDERS = Set.of("mysql", "mariadb");

  private final Connection connection;
  private final MysqlUrl url;
  private final String description;
  private final boolean mariadb;
  private final String version;

  private final Runnable afterClose;

  MysqlDatabase(Connection connection, MysqlUrl url) {
    this(connection, url, () -> {});
  }

  /**
   * @param afterClose run once the connection is closed (a shadow database is dropped)
   */
  MysqlDatabase(Connection connection, MysqlUrl url, Runnable afterClose) {
    this.connection = connection;
    this.url = url;
    this.afterClose = afterClose;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT VERSION()")) {
      rs.next();
      String full = rs.getString(1);
      this.mariadb = full.toLowerCase(Locale.ROOT).contains("mariadb");
      this.version = full.replaceFirst("-.*", "");
      this.description = (mariadb ? "MariaDB " : "MySQL ") + version + " at " + url.display();
    } catch (SQLException e) {
      close();
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot prepare the session on " + url.display() + ": " + MysqlErrors.message(e),
          e);
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String databaseName() {
    return url.database();
  }

  @Override
  public boolean acceptsProvider(String provider) {
    return PROVIDERS.contains(provider.toLowerCase(Locale.ROOT));
  }

  /**
   * Prisma's table if the database has it, else Strata's. Flyway's table is not written on MySQL
   * yet: a database that has one is refused rather than given a second history beside it.
   */
  @Override
  public HistoryTable historyTable(Optional<HistoryTable> override, HistoryTable whenNone) {
    HistoryTable chosen = override.orElse(null);
    if (chosen == null) {
      for (HistoryTable existing :
          List.of(HistoryTable.prisma(), HistoryTable.flyway(), HistoryTable.strata())) {
        if (history(existing).exists()) {
          chosen = existing;
          break;
        }
      }
    }
    if (chosen == null) chosen = whenNone.isFlyway() ? HistoryTable.strata() : whenNone;
    if (chosen.isFlyway() || (override.isPresent() && hasFlywayColumns(chosen))) {
      throw new StrataException(
          ExitCode.USAGE,
          description
              + " has Flyway's history table "
              + chosen.name()
              + ", which Strata reads and writes on PostgreSQL only so far. Deploy these"
              + " migrations with Flyway, or record them in Strata's own table with"
              + " --history-table _strata_migrations after `strata baseline`.");
    }
    return chosen;
  }

  private boolean hasFlywayColumns(HistoryTable table) {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND COLUMN_NAME = 'installed_rank'")) {
      st.setString(1, table.schema().orElse(url.database()));
      st.setString(2, table.name());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public MysqlHistoryStore history(HistoryTable table) {
    return new MysqlHistoryStore(connection, table, url.database());
  }

  @Override
  public DeployLock lock(HistoryTable table, Duration wait, LockListener listener) {
    return NamedLock.acquire(connection, table, url.database(), wait, listener);
  }

  @Override
  public Optional<LockHolder> lockHolder(HistoryTable table) {
    try {
      return NamedLock.holder(connection, NamedLock.nameFor(table, url.database()));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read who holds the deploy lock: " + MysqlErrors.message(e), e);
    }
  }

  @Override
  public boolean terminate(LockHolder holder) {
    if (holder.pid().isEmpty()) return false;
    try (Statement st = connection.createStatement()) {
      st.execute("KILL CONNECTION " + holder.pid().get());
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == 1094) return false; // ER_NO_SUCH_THREAD: already gone
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot end the orphaned session "
              + holder.describe()
              + ": "
              + MysqlErrors.message(e)
              + ". A user with the CONNECTION ADMIN (or SUPER) privilege can end it with KILL "
              + holder.pid().get()
              + ".",
          e);
    }
  }

  /** Backup and restore, schemas (drift, diff, pull, dev) and the review. */
  @Override
  public java.util.Set<Capability> capabilities() {
    return java.util.EnumSet.of(Capability.BACKUP, Capability.SCHEMAS, Capability.REVIEW);
  }

  @Override
  public dev.strata.core.review.ReviewEngine reviews() {
    return new dev.strata.mysql.review.MysqlReviewEngine(connection, url.database(), mariadb);
  }

  @Override
  public dev.strata.core.schema.SchemaEngine schemas() {
    return new MysqlSchemaEngine(connection, url, mariadb, version);
  }

  @Override
  public dev.strata.core.backup.BackupEngine backups() {
    return new dev.strata.mysql.backup.MysqlBackupEngine(
        other -> MysqlProvider.connect(url.withDatabase(other), 10), url.database());
  }

  @Override
  public ScriptSession scripts(
      HistoryTable table, RunLimits limits, BiConsumer<ScriptPlan, String> notes) {
    return new MysqlScriptSession(connection, history(table), limits, url.database(), mariadb);
  }

  @Override
  public List<String> firstColumn(String query) {
    List<String> values = new java.util.ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) values.add(rs.getString(1));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "The query `" + query + "` failed: " + MysqlErrors.message(e), e);
    }
    return values;
  }

  @Override
  public List<String> schemasLike(String likePattern) {
    List<String> names = new ArrayList<>();
    String sql =
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?"
            + " AND SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"
            + " AND SCHEMA_NAME NOT LIKE 'strata\\_shadow\\_%' ORDER BY SCHEMA_NAME";
    try (var st = connection.prepareStatement(sql)) {
      st.setString(1, likePattern);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot list the databases on " + description() + ": " + MysqlErrors.message(e),
          e);
    }
    return names;
  }

  @Override
  public List<String> failedAssertions(List<String> statements) {
    List<String> failed = new ArrayList<>();
    for (String sql : statements) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        if (!rs.next()) failed.add("`" + sql + "` returned no row");
        else if (!rs.getBoolean(1)) failed.add("`" + sql + "` returned " + rs.getString(1));
      } catch (SQLException e) {
        failed.add("`" + sql + "` failed: " + MysqlErrors.message(e));
      }
    }
    return failed;
  }

  @Override
  public Readiness readiness(List<ScriptPlan> pending, HistoryTable table) {
    try {
      long start = System.nanoTime();
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT 1");
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String user;
      long size;
      try (PreparedStatement st =
          connection.prepareStatement(
              "SELECT CURRENT_USER(), (SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0)"
                  + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?)")) {
        st.setString(1, url.database());
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          user = rs.getString(1);
          size = rs.getLong(2);
        }
      }
      boolean create = mayCreate();
      List<String> nonTransactional = new ArrayList<>();
      for (ScriptPlan plan : pending) {
        plan.stepwiseReasons()
            .forEach(r -> nonTransactional.add(plan.migration().name() + ": " + r));
      }
      return new Readiness(
          version,
          latency,
          user,
          url.database(),
          create,
          create,
          List.of(),
          size,
          List.of(),
          nonTransactional,
          lockHolder(table),
          List.of(),
          longTransactions());
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot read the database's state for the checks: " + MysqlErrors.message(e),
          e);
    }
  }

  /** Whether the user may create tables in the database: a global or a database grant. */
  private boolean mayCreate() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW GRANTS")) {
      String db = url.database().replace("_", "\\_");
      while (rs.next()) {
        String grant = rs.getString(1).toUpperCase(Locale.ROOT);
        boolean scope =
            grant.contains(" ON *.* ")
                || grant.contains(" ON `" + url.database().toUpperCase(Locale.ROOT) + "`.*")
                || grant.contains(" ON `" + db.toUpperCase(Locale.ROOT) + "`.*");
        if (scope && (grant.contains("ALL PRIVILEGES") || grant.matches(".*[ ,]CREATE[ ,].*")))
          return true;
      }
      return false;
    }
  }

  /** Transactions open for minutes, or idle in one: each holds metadata locks DDL must wait for. */
  private List<String> longTransactions() {
    List<String> found = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT p.ID, p.USER, p.COMMAND, t.trx_started FROM information_schema.INNODB_TRX t"
                    + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                    + " WHERE p.ID <> CONNECTION_ID() AND (p.COMMAND = 'Sleep'"
                    + " OR t.trx_started < NOW() - INTERVAL 5 MINUTE) ORDER BY t.trx_started")) {
      while (rs.next()) {
        found.add(
            "connection "
                + rs.getLong(1)
                + " ("
                + rs.getString(2)
                + ", "
                + (rs.getString(3).equals("Sleep") ? "idle in transaction" : rs.getString(3))
                + " since "
                + rs.getString(4)
                + ")");
      }
    } catch (SQLException e) {
      // INNODB_TRX needs the PROCESS privilege; without it nothing can be said.
    }
    return found;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken connection fails; nothing is left to release.
    } finally {
      afterClose.run();
    }
  }
}

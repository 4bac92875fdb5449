package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.ScriptSession;
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
  private final Optional<String> urlSchema;
  private final AutoCloseable onClose;
  private final ConnectionSpec spec;
  private final int major;

  PostgresDatabase(
      Connection connection,
      ConnectionSpec spec,
      String where,
      Optional<String> urlSchema,
      AutoCloseable onClose) {
    this.connection = connection;
    this.spec = spec;
    this.onClose = onClose;
    this.urlSchema = urlSchema;
    try (Statement st = connection.createStatement()) {
      // Prisma's ?schema= is the schema migrations run in: put it first on the search path.
      if (urlSchema.isPresent())
        st.execute("SET search_path TO " + Sql.identifier(urlSchema.get()));
      try (ResultSet rs =
          st.executeQuery(
              "SELECT current_setting('server_version'), current_schema(),"
                  + " current_setting('server_version_num')::int / 10000")) {
        rs.next();
        this.major = rs.getInt(3);
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
  public dev.strata.core.dialect.Readiness readiness(
      List<dev.strata.core.execute.ScriptPlan> pending, HistoryTable table) {
    try {
      long start = System.nanoTime();
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT 1");
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String version;
      String user;
      boolean createOnDatabase;
      boolean createOnSchema;
      long size;
      try (java.sql.PreparedStatement st =
          connection.prepareStatement(
              "SELECT current_setting('server_version'), current_user,"
                  + " has_database_privilege(current_database(), 'CREATE'),"
                  + " CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)"
                  + " THEN has_schema_privilege(?, 'CREATE')"
                  + " ELSE has_database_privilege(current_database(), 'CREATE') END,"
                  + " pg_database_size(current_database())")) {
        st.setString(1, defaultSchema);
        st.setString(2, defaultSchema);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          version = rs.getString(1);
          user = rs.getString(2);
          createOnDatabase = rs.getBoolean(3);
          createOnSchema = rs.getBoolean(4);
          size = rs.getLong(5);
        }
      }
      List<String> locks = new java.util.ArrayList<>();
      List<String> nonTransactional = new java.util.ArrayList<>();
      java.util.Map<Long, String> touched = new java.util.LinkedHashMap<>();
      java.util.Set<String> notOwned = new java.util.LinkedHashSet<>();
      for (var plan : pending) {
        plan.stepwiseReasons()
            .forEach(r -> nonTransactional.add(plan.migration().name() + ": " + r));
        for (var statement : plan.statements()) {
          var lock = dev.strata.postgres.sql.TableLocks.of(statement);
          if (lock.isEmpty()) continue;
          locks.add(
              plan.migration().name()
                  + " line "
                  + statement.startLine()
                  + ": "
                  + lock.get().mode()
                  + " on "
                  + lock.get().table());
          try (java.sql.PreparedStatement st =
              connection.prepareStatement(
                  "SELECT c.oid, c.oid::regclass::text, pg_has_role(current_user, c.relowner, 'USAGE')"
                      + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
            st.setString(1, lock.get().table());
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) continue; // created by an earlier pending migration
              touched.put(
                  rs.getLong(1),
                  rs.getString(2)
                      + " ("
                      + plan.migration().name()
                      + " takes "
                      + lock.get().mode()
                      + ")");
              if (!rs.getBoolean(3) && !lock.get().mode().equals("ROW EXCLUSIVE")) {
                notOwned.add(rs.getString(2));
              }
            }
          }
        }
      }
      List<String> blockers = new java.util.ArrayList<>();
      if (!touched.isEmpty()) {
        String oids =
            touched.keySet().stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        try (Statement st = connection.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT DISTINCT l.relation, a.pid, a.state, a.usename,"
                        + " coalesce(a.xact_start, a.query_start)::text, l.mode FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.granted"
                        + " AND l.relation IN ("
                        + oids
                        + ") AND a.pid <> pg_backend_pid() ORDER BY 2")) {
          while (rs.next()) {
            blockers.add(
                "pid "
                    + rs.getInt(2)
                    + " ("
                    + rs.getString(4)
                    + ", "
                    + rs.getString(3)
                    + " since "
                    + rs.getString(5)
                    + ") holds "
                    + rs.getString(6)
                    + " on "
                    + touched.get(rs.getLong(1)));
          }
        }
      }
      List<String> longTransactions = new java.util.ArrayList<>();
      try (Statement st = connection.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT pid, usename, state, xact_start::text FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                      + " AND (state LIKE 'idle in transaction%' OR xact_start < now() - interval '5 minutes')"
                      + " ORDER BY xact_start")) {
        while (rs.next()) {
          longTransactions.add(
              "pid "
                  + rs.getInt(1)
                  + " ("
                  + rs.getString(2)
                  + ", "
                  + rs.getString(3)
                  + " since "
                  + rs.getString(4)
                  + ")");
        }
      }
      return new dev.strata.core.dialect.Readiness(
          version,
          latency,
          user,
          defaultSchema,
          createOnDatabase,
          createOnSchema,
          List.copyOf(notOwned),
          size,
          locks,
          nonTransactional,
          AdvisoryLock.heldBy(connection, table, table.schema().orElse(defaultSchema)),
          blockers,
          longTransactions);
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read the database's state for the checks: " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> firstColumn(String query) {
    List<String> values = new java.util.ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) values.add(rs.getString(1));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "The query `" + query + "` failed: " + e.getMessage(), e);
    }
    return values;
  }

  @Override
  public List<String> schemasLike(String likePattern) {
    List<String> names = new java.util.ArrayList<>();
    String sql =
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE ?"
            + " AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
            + " ORDER BY nspname COLLATE \"C\"";
    try (var st = connection.prepareStatement(sql)) {
      st.setString(1, likePattern);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot list the schemas of " + description + ": " + e.getMessage(), e);
    }
    return names;
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
  public HistoryTable historyTable(Optional<HistoryTable> override, HistoryTable whenNone) {
    if (override.isPresent()) {
      HistoryTable table = override.get();
      // A Flyway table under another name (Flyway's `table` setting) is known by its columns.
      return FlywayHistoryStore.hasFlywayColumns(
              connection, table.schema().orElse(defaultSchema), table.name())
          ? table.withFormat(HistoryTable.Format.FLYWAY)
          : table;
    }
    for (HistoryTable existing :
        List.of(HistoryTable.prisma(), HistoryTable.flyway(), HistoryTable.strata())) {
      if (history(existing).exists()) return existing;
    }
    return whenNone;
  }

  @Override
  public SqlHistory history(HistoryTable table) {
    String schema = table.schema().orElse(defaultSchema);
    if (table.isFlyway()) {
      return new FlywayHistoryStore(
          connection,
          table,
          schema,
          new PostgresHistoryStore(connection, table.bookkeeping().orElseThrow(), schema));
    }
    return new PostgresHistoryStore(connection, table, schema);
  }

  @Override
  public DeployLock lock(HistoryTable table, Duration wait, LockListener listener) {
    return AdvisoryLock.acquire(
        connection, table, table.schema().orElse(defaultSchema), wait, listener);
  }

  @Override
  public java.util.Set<Capability> capabilities() {
    return java.util.EnumSet.allOf(Capability.class);
  }

  @Override
  public dev.strata.core.backup.BackupEngine backups() {
    return new dev.strata.postgres.backup.PostgresBackupEngine(spec, this::closeConnection);
  }

  @Override
  public dev.strata.core.review.ReviewEngine reviews() {
    return new dev.strata.postgres.review.PostgresReviewEngine(connection, spec, urlSchema);
  }

  @Override
  public dev.strata.core.schema.SchemaEngine schemas() {
    return new PostgresSchemaEngine(connection, spec, defaultSchema, urlSchema, major);
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
  public ScriptSession scripts(
      HistoryTable table,
      dev.strata.core.execute.RunLimits limits,
      java.util.function.BiConsumer<dev.strata.core.execute.ScriptPlan, String> notes) {
    return new PostgresScriptSession(connection, history(table), limits, notes);
  }

  @Override
  public Optional<dev.strata.core.dialect.LockHolder> lockHolder(HistoryTable table) {
    try {
      return AdvisoryLock.heldBy(connection, table, table.schema().orElse(defaultSchema));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot read who holds the deploy lock: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean terminate(dev.strata.core.dialect.LockHolder holder) {
    if (holder.pid().isEmpty()) return false;
    try (java.sql.PreparedStatement st =
        connection.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
      st.setInt(1, holder.pid().get());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot end the orphaned session "
              + holder.describe()
              + ": "
              + e.getMessage()
              + ". A superuser, or a member of pg_signal_backend, can end it with"
              + " pg_terminate_backend("
              + holder.pid().get()
              + ").",
          e);
    }
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

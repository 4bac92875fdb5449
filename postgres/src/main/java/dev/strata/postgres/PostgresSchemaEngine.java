package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.schema.Schema;
import dev.strata.core.schema.SchemaComparison;
import dev.strata.core.schema.SchemaEngine;
import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.postgres.catalog.SchemaDiff;
import dev.strata.postgres.catalog.SchemaModel;
import dev.strata.postgres.sql.PostgresSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Schemas on PostgreSQL: the catalog model, its diff, and shadow databases to build them in. */
final class PostgresSchemaEngine implements SchemaEngine {
  private static final String SCRATCH_PREFIX = "strata_shadow_";
  private static final AtomicInteger SCRATCH_COUNT = new AtomicInteger();

  private final Connection connection;
  private final ConnectionSpec spec;
  private final String defaultSchema;
  private final Optional<String> scope;
  private final int major;

  /**
   * @param scope the schema the URL names ({@code ?schema=}), when it names one
   */
  PostgresSchemaEngine(
      Connection connection,
      ConnectionSpec spec,
      String defaultSchema,
      Optional<String> scope,
      int major) {
    this.connection = connection;
    this.spec = spec;
    this.defaultSchema = defaultSchema;
    this.scope = scope;
    this.major = major;
  }

  /**
   * The schema the URL names: a target of its own among others in its database (a tenant's), whose
   * schema is read, compared and built alone.
   */
  @Override
  public Optional<String> scope() {
    return scope;
  }

  /**
   * The major version: view and rule definitions, default expressions and index definitions are
   * printed by the server, and each major version prints some of them differently.
   */
  @Override
  public String catalogVersion() {
    return "PostgreSQL " + major;
  }

  @Override
  public List<String> migrationPreamble() {
    return List.of("SET lock_timeout = '5s'");
  }

  @Override
  public boolean canCreateScratch() {
    try (Statement st = connection.createStatement();
        var rs =
            st.executeQuery(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Statements sent per round trip while building: a schema of a few hundred tables has thousands
   * of statements, and one round trip each costs more than the server's work on them.
   */
  private static final int BUILD_BATCH = 250;

  @Override
  public void build(Schema schema, String source) {
    List<String> statements = schema.statements();
    try {
      // One transaction, its commit not waited for (a shadow database is thrown away anyway), the
      // statements sent in batches: several times faster than one autocommitted round trip each.
      // A failing batch is rolled back and run again statement by statement, to name the one.
      if (!inOneTransaction(statements, BUILD_BATCH)) inOneTransaction(statements, 1);
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot build " + source + " on " + spec.database() + ": " + e.getMessage(),
          e);
    } catch (BuildFailure failure) {
      throw new StrataException(
          ExitCode.FAILED, buildFailure(source, failure.statement, failure.error), failure.error);
    }
  }

  /**
   * @return false when a batch of several statements failed (rolled back; run again one by one)
   * @throws BuildFailure when a single statement failed
   */
  private boolean inOneTransaction(List<String> statements, int batch) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("SET LOCAL synchronous_commit = off");
      // The statements name every object schema-qualified and may define functions before the
      // tables their bodies use, as pg_dump's output does.
      st.execute("SET LOCAL check_function_bodies = false");
      st.execute("SELECT pg_catalog.set_config('search_path', '', true)");
      for (int from = 0; from < statements.size(); from += batch) {
        List<String> some = statements.subList(from, Math.min(statements.size(), from + batch));
        try {
          // A line comment at the end of a statement must not swallow the separator.
          st.execute(String.join("\n;\n", some));
        } catch (SQLException e) {
          connection.rollback();
          if (some.size() > 1) return false;
          throw new BuildFailure(some.get(0), e);
        }
      }
      connection.commit();
      return true;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** The statement of a schema that the shadow server refused. */
  private static final class BuildFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient String statement;
    final transient SQLException error;

    BuildFailure(String statement, SQLException error) {
      super(error.getMessage(), error, false, false);
      this.statement = statement;
      this.error = error;
    }
  }

  /** An extension the shadow server lacks is named as such: it is the usual cause. */
  private String buildFailure(String source, String statement, SQLException e) {
    var extension = dev.strata.postgres.sql.MissingExtension.of(statement, e);
    if (extension.isPresent()) {
      return "extension "
          + extension.get()
          + " is not installed on the server of "
          + spec.database()
          + " ("
          + catalogVersion()
          + " at "
          + spec.hostAndPort()
          + ")";
    }
    String first = statement.strip().lines().findFirst().orElse("");
    if (first.length() > 100) first = first.substring(0, 97) + "...";
    return "building " + source + " failed at `" + first + "`: " + e.getMessage().strip();
  }

  /** A {@link SchemaModel} as core sees it. */
  record PostgresSchema(SchemaModel model, Optional<Predicate<String>> observing)
      implements Schema {
    PostgresSchema(SchemaModel model) {
      this(model, Optional.empty());
    }

    @Override
    public int objectCount() {
      return model.size();
    }

    @Override
    public List<String> statements() {
      return observing.isPresent()
          ? model.statementsForObserving(observing.get())
          : model.statements();
    }

    @Override
    public Schema forObserving(Predicate<String> named) {
      return new PostgresSchema(model, Optional.of(named));
    }

    /** Function bodies may name objects created after them, as in pg_dump's scripts. */
    @Override
    public List<String> scriptSettings() {
      return List.of("SET check_function_bodies = false");
    }
  }

  /**
   * Every row version of the database's own catalogs has a position ({@code ctid}) and the
   * transaction that wrote it ({@code xmin}): any DDL, GRANT or COMMENT writes new ones, while
   * VACUUM and ANALYZE update the few statistics columns in place and change neither. Hashed per
   * catalog on the server (statistics and large objects left out), one short row travels back.
   */
  @Override
  public Optional<String> catalogStamp() {
    try (Statement st = connection.createStatement()) {
      String union;
      try (var rs =
          st.executeQuery(
              "SELECT string_agg(format('SELECT %L AS c, count(*) AS n, sum(hashtext(ctid::text ||"
                  + " '':'' || xmin::text)) AS h FROM pg_catalog.%I', relname, relname), ' UNION"
                  + " ALL ' ORDER BY relname) FROM pg_catalog.pg_class WHERE relnamespace ="
                  + " 'pg_catalog'::regnamespace AND relkind = 'r' AND NOT relisshared AND relname"
                  + " NOT IN ('pg_statistic', 'pg_statistic_ext_data', 'pg_largeobject',"
                  + " 'pg_user_mapping')")) {
        rs.next();
        union = rs.getString(1);
      }
      // Role names are printed in the schema (owners, grants) but live in a shared catalog.
      try (var rs =
          st.executeQuery(
              "SELECT md5(string_agg(c || ' ' || n || ' ' || coalesce(h, 0), ',' ORDER BY c))"
                  + " || ':' || (SELECT md5(string_agg(oid || ' ' || rolname, ',' ORDER BY oid))"
                  + " FROM pg_catalog.pg_roles) FROM ("
                  + union
                  + ") s")) {
        rs.next();
        return Optional.of(catalogVersion() + " " + rs.getString(1));
      }
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  @Override
  public Schema read(HistoryTable historyTable) {
    String schema = historyTable.schema().orElse(defaultSchema);
    Set<String> ignored = new java.util.HashSet<>();
    for (String name : historyTable.tableNames()) ignored.add(schema + "." + name);
    try {
      return new PostgresSchema(SchemaModel.read(connection, ignored, scope));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot read the schema of " + spec.database() + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public SchemaComparison compare(Schema from, Schema to) {
    SchemaModel a = ((PostgresSchema) from).model();
    SchemaModel b = ((PostgresSchema) to).model();
    if (scope.isPresent()) {
      a = a.onlyIn(scope.get());
      b = b.onlyIn(scope.get());
    }
    return new SchemaComparison(SchemaDiff.between(a, b).changes());
  }

  /**
   * Made and dropped over a connection of its own, not this engine's: the caller may go on using
   * this one meanwhile (the review reads the target's schema while its shadow database is made).
   */
  @Override
  public Database createScratch() {
    return createScratch(Optional.empty());
  }

  /**
   * @param scope a schema made in it first and put on its search path, where migrations then build
   *     what they build in that schema of the target
   */
  @Override
  public Database createScratch(Optional<String> scope) {
    String name =
        AbandonedDatabases.name(SCRATCH_PREFIX, String.valueOf(SCRATCH_COUNT.incrementAndGet()));
    Connection admin = null;
    try {
      admin = spec.open();
      AbandonedDatabases.drop(admin, SCRATCH_PREFIX);
      try (Statement st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
        st.execute("CREATE DATABASE " + Sql.identifier(name) + " TEMPLATE template0");
      }
    } catch (SQLException e) {
      closeQuietly(admin);
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot create a shadow database on "
              + spec.hostAndPort()
              + ": "
              + e.getMessage()
              + ". The user needs CREATEDB there; or point --shadow-url (STRATA_SHADOW_URL) at a"
              + " server where it has it.",
          e);
    }
    Connection owner = admin;
    Runnable drop =
        () -> {
          dropQuietly(owner, name);
          closeQuietly(owner);
        };
    ConnectionSpec scratch =
        new ConnectionSpec(spec.hostAndPort(), name, spec.properties()).inSchema(scope);
    try {
      Connection connection = scratch.open();
      if (scope.isPresent()) {
        try (Statement st = connection.createStatement()) {
          st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(scope.get()));
        } catch (SQLException e) {
          connection.close();
          throw e;
        }
      }
      return new PostgresDatabase(connection, scratch, "shadow database " + name, scope, drop::run);
    } catch (SQLException e) {
      drop.run();
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot connect to the shadow database " + name + ": " + e.getMessage(),
          e);
    }
  }

  private static void dropQuietly(Connection admin, String name) {
    awaitNoSessions(admin, name);
    try (Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
    } catch (SQLException e) {
      // The next shadow database created on this server drops it.
    }
  }

  /**
   * Waits, up to a second, for the sessions of database {@code name} to end. A closed connection's
   * server process exits a few milliseconds after the client lets go, and DROP DATABASE, finding it
   * still there, sleeps a tenth of a second at a time before looking again: three such sleeps were
   * a fifth of an incremental deploy.
   */
  private static void awaitNoSessions(Connection admin, String name) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    try (var st =
        admin.prepareStatement(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = ?")) {
      st.setString(1, name);
      while (System.nanoTime() < deadline) {
        try (var rs = st.executeQuery()) {
          if (rs.next() && rs.getLong(1) == 0) return;
        }
        Thread.sleep(2);
      }
    } catch (SQLException e) {
      // DROP DATABASE waits by itself.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing left to do with it.
    }
  }

  @Override
  public void execute(String script, String source) {
    List<SqlStatement> statements;
    try {
      statements = new PostgresSplitter().split(script);
    } catch (SqlSyntaxException e) {
      throw new StrataException(ExitCode.FAILED, source + ": " + e.getMessage(), e);
    }
    try (Statement st = connection.createStatement()) {
      for (SqlStatement s : statements) {
        try {
          st.execute(s.text());
        } catch (SQLException e) {
          throw new StrataException(
              ExitCode.FAILED,
              source
                  + " line "
                  + s.startLine()
                  + ": "
                  + e.getMessage()
                  + ". Fix the file: it must build the schema in an empty database.",
              e);
        }
      }
    } catch (SQLException e) {
      throw new StrataException(ExitCode.FAILED, source + ": " + e.getMessage(), e);
    }
  }
}

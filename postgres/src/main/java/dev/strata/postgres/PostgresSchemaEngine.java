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

/** Schemas on PostgreSQL: the catalog model, its diff, and shadow databases to build them in. */
final class PostgresSchemaEngine implements SchemaEngine {
  private static final String SCRATCH_PREFIX = "strata_shadow_";
  private static final AtomicInteger SCRATCH_COUNT = new AtomicInteger();

  private final Connection connection;
  private final ConnectionSpec spec;
  private final String defaultSchema;
  private final int major;

  PostgresSchemaEngine(
      Connection connection, ConnectionSpec spec, String defaultSchema, int major) {
    this.connection = connection;
    this.spec = spec;
    this.defaultSchema = defaultSchema;
    this.major = major;
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

  @Override
  public void build(Schema schema, String source) {
    try (Statement st = connection.createStatement()) {
      // The statements name every object schema-qualified and may define functions before the
      // tables their bodies use, as pg_dump's output does.
      st.execute("SET check_function_bodies = false");
      st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
      for (String statement : schema.statements()) {
        try {
          st.execute(statement);
        } catch (SQLException e) {
          throw new StrataException(ExitCode.FAILED, buildFailure(source, statement, e), e);
        }
      }
      st.execute("RESET ALL");
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot build " + source + " on " + spec.database() + ": " + e.getMessage(),
          e);
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
  record PostgresSchema(SchemaModel model) implements Schema {
    @Override
    public int objectCount() {
      return model.size();
    }

    @Override
    public List<String> statements() {
      return model.statements();
    }
  }

  @Override
  public Schema read(HistoryTable historyTable) {
    String ignored = historyTable.schema().orElse(defaultSchema) + "." + historyTable.name();
    try {
      return new PostgresSchema(SchemaModel.read(connection, Set.of(ignored)));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot read the schema of " + spec.database() + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public SchemaComparison compare(Schema from, Schema to) {
    return new SchemaComparison(
        SchemaDiff.between(((PostgresSchema) from).model(), ((PostgresSchema) to).model())
            .changes());
  }

  @Override
  public Database createScratch() {
    String name =
        AbandonedDatabases.name(SCRATCH_PREFIX, String.valueOf(SCRATCH_COUNT.incrementAndGet()));
    try (Statement st = connection.createStatement()) {
      AbandonedDatabases.drop(connection, SCRATCH_PREFIX);
      st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + Sql.identifier(name) + " TEMPLATE template0");
    } catch (SQLException e) {
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
    ConnectionSpec scratch = new ConnectionSpec(spec.hostAndPort(), name, spec.properties());
    try {
      return new PostgresDatabase(
          scratch.open(),
          scratch,
          "shadow database " + name,
          Optional.empty(),
          () -> dropQuietly(name));
    } catch (SQLException e) {
      dropQuietly(name);
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot connect to the shadow database " + name + ": " + e.getMessage(),
          e);
    }
  }

  private void dropQuietly(String name) {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
    } catch (SQLException e) {
      // The next shadow database created on this server drops it.
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

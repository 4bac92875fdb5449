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

  PostgresSchemaEngine(Connection connection, ConnectionSpec spec, String defaultSchema) {
    this.connection = connection;
    this.spec = spec;
    this.defaultSchema = defaultSchema;
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
        SCRATCH_PREFIX + ProcessHandle.current().pid() + "_" + SCRATCH_COUNT.incrementAndGet();
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

package dev.strata.core.schema;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.Deployer;
import dev.strata.core.execute.MigrationFailedException;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds schemas in scratch databases on a shadow server: the schema a list of migrations builds
 * (applied by the same deployer as {@code strata deploy}), or the one a schema file builds. Each
 * build gets a database of its own, dropped as soon as its schema is read.
 */
public final class Shadow {
  private final Database server;
  private final Optional<String> scope;

  /**
   * @param server any database on the shadow server; it is not closed here
   */
  public Shadow(Database server) {
    this(server, Optional.empty());
  }

  /**
   * @param scope the schema of the target the schemas are built for ({@link SchemaEngine#scope})
   */
  public Shadow(Database server, Optional<String> scope) {
    this.server = server;
    this.scope = scope;
  }

  /** The schema that {@code migrations}, applied in order to an empty database, build. */
  public Schema fromMigrations(MigrationSet set, List<Migration> migrations) {
    try (Database scratch = server.schemas().createScratch(scope)) {
      HistoryTable table = scratch.historyTable(Optional.empty(), HistoryTable.strata());
      MigrationSet subset =
          new MigrationSet(set.dir(), set.layout(), migrations, List.of(), set.provider());
      try {
        new Deployer(scratch, table)
            .deploy(
                subset,
                new DeployOptions(false, Duration.ofSeconds(5), RunLimits.NONE),
                DeployListener.NONE);
      } catch (MigrationFailedException e) {
        throw new StrataException(
            ExitCode.FAILED,
            "Building the schema of "
                + set.dir()
                + " in a shadow database failed: "
                + e.getMessage()
                + " The migrations must apply to an empty database.",
            e);
      }
      return scratch.schemas().read(table);
    }
  }

  /** The schema that the SQL file builds in an empty database. */
  public Schema fromFile(Path file) {
    String script;
    try {
      script = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot read the schema file " + file + ": " + e.getMessage(), e);
    }
    try (Database scratch = server.schemas().createScratch(scope)) {
      scratch.schemas().execute(script, file.toString());
      return scratch.schemas().read(scratch.historyTable(Optional.empty(), HistoryTable.strata()));
    }
  }
}

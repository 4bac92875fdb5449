package dev.strata.core.connect;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.config.DatabaseUrls;
import dev.strata.core.config.Settings;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.MigrationSet;
import dev.strata.core.source.MigrationSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * How every use case reaches its database: the dialect that accepts the URL (found with {@link
 * ServiceLoader}, so core names none), or the embedded server when no URL is set.
 */
public final class Connections {
  private final Settings settings;

  public Connections(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public MigrationSet migrations() {
    return MigrationSource.load(settings.locations()).withPlaceholders(settings.placeholders());
  }

  /** The history table of this database: the override, else the one it has. */
  public HistoryTable historyTable(Database database) {
    return database.historyTable(
        settings.historyTable(), MigrationSource.freshHistoryTable(settings.dir()));
  }

  public <T> T withDatabase(Function<Database, T> work) {
    try (Database database = open()) {
      return work.apply(database);
    }
  }

  public Database open() {
    return open(settings.target());
  }

  public Database open(DatabaseTarget target) {
    List<DatabaseProvider> providers =
        ServiceLoader.load(DatabaseProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (target.embedded()) {
      Path dataDir = settings.workingDir().resolve(".strata");
      for (DatabaseProvider provider : providers) {
        Optional<Database> embedded = provider.openEmbedded(dataDir, settings.connectTimeout());
        if (embedded.isPresent()) return embedded.get();
      }
      throw new StrataException(
          ExitCode.USAGE,
          "No database URL given, and no embedded database here (it comes with the artifact"
              + " dev.strata:strata-embedded). Pass --url or set DATABASE_URL.");
    }
    String url = target.url().orElseThrow();
    for (DatabaseProvider provider : providers) {
      if (provider.accepts(url)) return provider.open(url, settings.connectTimeout());
    }
    throw new StrataException(
        ExitCode.USAGE,
        "Unsupported database URL "
            + DatabaseUrls.mask(url)
            + " (from "
            + target.origin()
            + "). Use postgresql://user:password@host:5432/database, mysql://user:password@host:3306/database"
            + " (or mariadb://…), or their jdbc: forms.");
  }

  public static void checkProvider(MigrationSet set, Database database) {
    set.provider()
        .ifPresent(
            provider -> {
              if (!database.acceptsProvider(provider)) {
                throw new StrataException(
                    ExitCode.USAGE,
                    set.dir().resolve("migration_lock.toml")
                        + " says provider = \""
                        + provider
                        + "\", but the database is "
                        + database.description()
                        + ". These migrations were written for another database; point --url at the right one.");
              }
            });
  }
}

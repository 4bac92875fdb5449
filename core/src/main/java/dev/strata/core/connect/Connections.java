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
  private final Optional<MigrationSet> loaded;

  public Connections(Settings settings) {
    this.settings = settings;
    this.loaded = Optional.empty();
  }

  /** With the migrations already read (a fleet shares them between its targets). */
  public Connections(Settings settings, MigrationSet loaded) {
    this.settings = settings;
    this.loaded = Optional.of(loaded);
  }

  public Settings settings() {
    return settings;
  }

  public MigrationSet migrations() {
    if (loaded.isPresent()) return loaded.get();
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
    return provider(url, target, providers).open(url, settings.connectTimeout());
  }

  /**
   * The URLs of the schemas of the configured database whose name matches {@code likePattern}, each
   * a target of its own ({@code strata fleet --schemas}).
   */
  public List<String> schemaTargets(String likePattern) {
    DatabaseTarget target = settings.target();
    if (target.embedded()) {
      throw new StrataException(
          ExitCode.USAGE,
          "--schemas lists the schemas of the database --url names: give --url (or set"
              + " DATABASE_URL).");
    }
    String url = target.url().orElseThrow();
    DatabaseProvider provider =
        provider(
            url,
            target,
            ServiceLoader.load(DatabaseProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    try (Database database = provider.open(url, settings.connectTimeout())) {
      return database.schemasLike(likePattern).stream()
          .map(schema -> provider.withSchema(url, schema))
          .toList();
    }
  }

  private static DatabaseProvider provider(
      String url, DatabaseTarget target, List<DatabaseProvider> providers) {
    for (DatabaseProvider provider : providers) {
      if (provider.accepts(url)) return provider;
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

package dev.strata.embedded;

import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import dev.strata.postgres.PostgresProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The database used when no URL is given, found by {@link java.util.ServiceLoader} when this
 * artifact is on the class path: the embedded PostgreSQL, spoken to by the PostgreSQL dialect. It
 * accepts no URL of its own.
 */
public final class EmbeddedProvider implements DatabaseProvider {

  @Override
  public boolean accepts(String url) {
    return false;
  }

  @Override
  public Database open(String url, Duration connectTimeout) {
    throw new UnsupportedOperationException("the embedded provider accepts no URL");
  }

  @Override
  public Optional<Database> openEmbedded(Path dataDir, Duration connectTimeout) {
    EmbeddedServer server = EmbeddedServer.start(dataDir);
    try {
      return Optional.of(
          PostgresProvider.openServed(
              server.url(), connectTimeout, "embedded " + server.describe(), server));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }
}

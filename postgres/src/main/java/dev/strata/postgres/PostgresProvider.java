package dev.strata.postgres;

import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** The PostgreSQL dialect, found by {@link java.util.ServiceLoader}. */
public final class PostgresProvider implements DatabaseProvider {

  @Override
  public boolean accepts(String url) {
    return PostgresUrl.accepts(url);
  }

  @Override
  public Database open(String url, Duration connectTimeout) {
    PostgresUrl parsed = PostgresUrl.parse(url);
    int seconds = (int) Math.max(1, connectTimeout.toSeconds());
    try {
      Connection connection =
          DriverManager.getConnection(parsed.jdbcUrl(), parsed.properties(seconds));
      return new PostgresDatabase(
          connection, ConnectionSpec.of(parsed, seconds), parsed.display(), parsed.schema(), null);
    } catch (SQLException e) {
      throw ConnectionErrors.translate(e, parsed, url, seconds);
    }
  }

  /** The embedded server is another artifact's ({@code strata-embedded}), not this dialect's. */
  @Override
  public Optional<Database> openEmbedded(Path dataDir, Duration connectTimeout) {
    return Optional.empty();
  }

  /**
   * Connects to a server some other part of Strata runs (the embedded one), shown as {@code where}
   * and stopped by {@code server.close()} when the database is closed.
   */
  public static Database openServed(
      String url, Duration connectTimeout, String where, AutoCloseable server) {
    PostgresUrl parsed = PostgresUrl.parse(url);
    int seconds = (int) Math.max(1, connectTimeout.toSeconds());
    try {
      Connection connection =
          DriverManager.getConnection(parsed.jdbcUrl(), parsed.properties(seconds));
      return new PostgresDatabase(
          connection, ConnectionSpec.of(parsed, seconds), where, Optional.empty(), server);
    } catch (SQLException e) {
      throw ConnectionErrors.translate(e, parsed, url, seconds);
    }
  }

  /** Prisma's {@code ?schema=}, which Strata reads from every form of the URL. */
  @Override
  public String withSchema(String url, String schema) {
    return dev.strata.core.config.DatabaseUrls.withParameter(
        url, "schema", schema, java.util.Set.of("currentSchema"));
  }

  @Override
  public Optional<String> url(javax.sql.DataSource dataSource) {
    return DataSourceUrl.of(dataSource);
  }
}

package dev.strata.core.dialect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A dialect's entry point, found with {@link java.util.ServiceLoader}: core never names a dialect.
 */
public interface DatabaseProvider {

  /** True if this dialect handles the URL ({@code postgresql://…}, {@code jdbc:postgresql:…}). */
  boolean accepts(String url);

  /** Connects, failing within {@code connectTimeout} with an actionable {@code StrataException}. */
  Database open(String url, Duration connectTimeout);

  /**
   * Starts (or reuses) a database server kept under {@code dataDir} and connects to it, when this
   * dialect can embed one; the returned database stops the server when closed.
   */
  Optional<Database> openEmbedded(Path dataDir, Duration connectTimeout);

  /**
   * The URL, with its credentials, of the database {@code dataSource} reaches, when it is one of
   * this dialect's; empty otherwise.
   */
  default java.util.Optional<String> url(javax.sql.DataSource dataSource) {
    return java.util.Optional.empty();
  }

  /**
   * The URL of schema {@code schema} of the database {@code url} names, credentials and all: a
   * target of its own ({@code strata fleet --schemas}). PostgreSQL names it with {@code ?schema=},
   * MySQL, whose schemas are its databases, in the path.
   */
  default String withSchema(String url, String schema) {
    throw new dev.strata.core.StrataException(
        dev.strata.core.ExitCode.USAGE,
        "--schemas is not supported on " + dev.strata.core.config.DatabaseUrls.mask(url) + ".");
  }
}

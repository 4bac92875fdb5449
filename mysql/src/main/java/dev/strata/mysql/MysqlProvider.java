package dev.strata.mysql;

import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** The MySQL and MariaDB dialect, found by {@link java.util.ServiceLoader}. */
public final class MysqlProvider implements DatabaseProvider {

  @Override
  public boolean accepts(String url) {
    return MysqlUrl.accepts(url);
  }

  @Override
  public Database open(String url, Duration connectTimeout) {
    MysqlUrl parsed = MysqlUrl.parse(url);
    int seconds = (int) Math.max(1, connectTimeout.toSeconds());
    try {
      return new MysqlDatabase(connect(parsed, seconds), parsed);
    } catch (SQLException e) {
      throw MysqlErrors.connecting(e, parsed, url, seconds);
    }
  }

  /**
   * Connects; with no TLS mode in the URL, encrypted if the server offers TLS and plain if it has
   * none, as libpq's and Prisma's default "prefer" does.
   */
  static Connection connect(MysqlUrl url, int seconds) throws SQLException {
    try {
      return DriverManager.getConnection(url.jdbcUrl(), url.properties(seconds));
    } catch (SQLException e) {
      boolean noTls = String.valueOf(e.getMessage()).contains("ssl not enabled in the server");
      if (url.sslMode().isPresent() || !noTls) throw e;
      MysqlUrl plain = url.withoutTls();
      return DriverManager.getConnection(plain.jdbcUrl(), plain.properties(seconds));
    }
  }

  /** PostgreSQL is the embedded database; MySQL always needs a URL. */
  @Override
  public Optional<Database> openEmbedded(Path dataDir, Duration connectTimeout) {
    return Optional.empty();
  }

  /** MySQL's schemas are its databases: the same server, another database in the path. */
  @Override
  public String withSchema(String url, String schema) {
    return dev.strata.core.config.DatabaseUrls.withPath(url, schema);
  }

  @Override
  public Optional<String> url(javax.sql.DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String jdbc = c.getMetaData().getURL();
      if (jdbc == null || !MysqlUrl.accepts(jdbc)) return Optional.empty();
      String user = c.getMetaData().getUserName();
      return Optional.of(
          dev.strata.core.config.DatabaseUrls.withCredentials(
              jdbc.replaceFirst("\\?.*$", ""),
              user == null ? null : user.replaceFirst("@.*$", ""),
              password(dataSource)));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** The pool's password, from its getPassword() (HikariCP, the driver's and Spring's have one). */
  private static String password(javax.sql.DataSource dataSource) {
    try {
      Object value = dataSource.getClass().getMethod("getPassword").invoke(dataSource);
      return value == null ? null : value.toString();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}

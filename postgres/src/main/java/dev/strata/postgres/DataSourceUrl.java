package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The JDBC URL, with its user and password, that reaches the database a {@link DataSource} reaches.
 * Strata opens connections of its own rather than borrowing the pool's: a deploy needs a session
 * for the lock, and others to build shadow databases and watch statements that run outside a
 * transaction, and holding pool connections for minutes would starve the application.
 *
 * <p>The URL and user come from a connection's metadata; the password from the data source's own
 * {@code getPassword()} when it has one (HikariCP, the drivers' data sources, Spring's), else none:
 * a server that trusts the host, or a {@code .pgpass}, still works.
 */
final class DataSourceUrl {
  private DataSourceUrl() {}

  /** Empty when the data source reaches another kind of database. */
  static java.util.Optional<String> of(DataSource dataSource) {
    String url;
    String user;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      url = meta.getURL();
      user = meta.getUserName();
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot connect through the DataSource: " + e.getMessage(), e);
    }
    if (url == null || !url.startsWith("jdbc:postgresql:")) return java.util.Optional.empty();
    return java.util.Optional.of(
        DatabaseUrls.withCredentials(url, user, property(dataSource, "getPassword")));
  }

  /** A getter the data source has (or a wrapped one, through {@code unwrap}), else null. */
  private static String property(DataSource dataSource, String getter) {
    for (Object candidate : new Object[] {dataSource, unwrapped(dataSource)}) {
      if (candidate == null) continue;
      try {
        Method method = candidate.getClass().getMethod(getter);
        Object value = method.invoke(candidate);
        if (value instanceof String s) return s;
        if (value instanceof char[] chars) return new String(chars);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Not that kind of data source.
      }
    }
    return null;
  }

  private static Object unwrapped(DataSource dataSource) {
    try {
      return dataSource.isWrapperFor(DataSource.class) ? dataSource.unwrap(DataSource.class) : null;
    } catch (SQLException e) {
      return null;
    }
  }
}

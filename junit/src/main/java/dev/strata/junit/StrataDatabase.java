package dev.strata.junit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A test class's own database, migrated.
 *
 * @param name the database's name on its server
 * @param url as Strata takes it: {@code postgresql://user@host:port/name}
 * @param jdbcUrl as a JDBC driver or a connection pool takes it (without the credentials)
 * @param user the user to connect as
 */
public record StrataDatabase(
    String name, String url, String jdbcUrl, String user, Properties credentials) {

  /** A new connection to the database; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, credentials);
  }

  @Override
  public String toString() {
    return url; // never the password
  }
}

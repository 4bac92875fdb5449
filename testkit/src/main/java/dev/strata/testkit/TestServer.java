package dev.strata.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL server tests may use: the embedded one, or the one {@code STRATA_TEST_PG_URL} names.
 * Tests never share a database: each creates a fresh one here and drops it after.
 *
 * @param name shown in parameterized test names ("embedded", "external")
 * @param host host name
 * @param port port
 * @param user a superuser
 */
public record TestServer(String name, String host, int port, String user) {

  public String url(String database) {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** Creates an empty database with a unique name; close the result to drop it. */
  public TestDatabase createDatabase() {
    String name =
        "strata_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection admin = connect("postgres");
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database on " + this + ": " + e.getMessage(), e);
    }
    return new TestDatabase(this, name);
  }

  void drop(String database) {
    try (Connection admin = connect("postgres");
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot drop test database " + database + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

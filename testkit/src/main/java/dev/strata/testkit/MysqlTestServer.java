package dev.strata.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The MySQL or MariaDB server that {@code STRATA_TEST_MYSQL_URL} names ({@code
 * mysql://root@127.0.0.1:3306/test}); there is no embedded one, so tests that need it are skipped
 * without it. Each test gets a fresh database, dropped after.
 */
public final class MysqlTestServer {
  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private MysqlTestServer(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** The server of {@code STRATA_TEST_MYSQL_URL}, if set. */
  public static Optional<MysqlTestServer> fromEnvironment() {
    String url = System.getenv("STRATA_TEST_MYSQL_URL");
    if (url == null || url.isBlank()) return Optional.empty();
    URI uri = URI.create(url.replaceFirst("^(jdbc:)?(mysql|mariadb)://", "mysql://"));
    String info = uri.getUserInfo() == null ? "root" : uri.getUserInfo();
    int colon = info.indexOf(':');
    return Optional.of(
        new MysqlTestServer(
            uri.getHost(),
            uri.getPort() > 0 ? uri.getPort() : 3306,
            colon < 0 ? info : info.substring(0, colon),
            colon < 0 ? "" : info.substring(colon + 1)));
  }

  /** {@code mysql://user:password@host:port/database}, for another user of this server. */
  public String url(String user, String password, String database) {
    return "mysql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
  }

  /** {@code mysql://user[:password]@host:port/database}, as a user passes it to --url. */
  public String url(String database) {
    return "mysql://"
        + user
        + (password.isEmpty() ? "" : ":" + password)
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database;
  }

  public Connection connect(String database) throws SQLException {
    return connect(user, password, database);
  }

  /** A connection as another user of this server. */
  public Connection connect(String user, String password, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) props.setProperty("password", password);
    // The test server is local; Strata's own connections negotiate TLS as a user's would.
    props.setProperty("sslMode", "disable");
    return DriverManager.getConnection(
        "jdbc:mariadb://" + host + ":" + port + "/" + database, props);
  }

  /** Creates an empty database with a unique name; close the result to drop it. */
  public Db createDatabase() {
    String name =
        "strata_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection admin = connect("");
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE `" + name + "`");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
    return new Db(name);
  }

  /** A fresh database on this server, dropped when closed. */
  public final class Db implements AutoCloseable {
    private final String name;

    private Db(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public String url() {
      return MysqlTestServer.this.url(name);
    }

    public Connection connect() throws SQLException {
      return MysqlTestServer.this.connect(name);
    }

    public void execute(String sql) {
      try (Connection c = connect();
          Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
      }
    }

    public List<List<String>> query(String sql) {
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        List<List<String>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
          rows.add(row);
        }
        return rows;
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
      }
    }

    public List<String> column(String sql) {
      return query(sql).stream().map(row -> row.get(0)).toList();
    }

    public String single(String sql) {
      List<List<String>> rows = query(sql);
      if (rows.size() != 1) throw new IllegalStateException(rows.size() + " rows from " + sql);
      return rows.get(0).get(0);
    }

    @Override
    public void close() {
      try (Connection admin = MysqlTestServer.this.connect("");
          Statement st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS `" + name + "`");
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot drop test database " + name + ": " + e.getMessage(), e);
      }
    }
  }
}

package dev.strata.postgres.catalog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * A server the catalog and review tests run against, as the test kit provides it (the embedded
 * PostgreSQL, or the server of {@code STRATA_TEST_PG_URL}), with what these tests add: a connection
 * as another role, and the server's own pg_dump.
 */
public record DumpServer(String name, String host, int port, String user) {

  /** The server called {@code name}; a test on an external server not configured is skipped. */
  public static DumpServer named(String name) {
    TestServer server =
        switch (name) {
          case "embedded" -> TestServers.embedded();
          case "external" -> {
            var external = TestServers.external();
            assumeTrue(external.isPresent(), "STRATA_TEST_PG_URL is not set");
            yield external.get();
          }
          default -> throw new IllegalArgumentException(name);
        };
    return new DumpServer(name, server.host(), server.port(), server.user());
  }

  public Connection connect(String database) throws SQLException {
    return connect(database, user);
  }

  /** A connection as another role, e.g. one a test created without some privilege. */
  public Connection connect(String database, String asUser) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", asUser);
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, props);
  }

  /** A new, empty database with a random name; closing it drops it. */
  public ScratchDatabase createDatabase() throws SQLException {
    String database =
        "strata_dump_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + database);
    return new ScratchDatabase(this, database);
  }

  public void admin(String sql) throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  int majorVersion() throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** A pg_dump that can dump this server: PostgreSQL's own, of the server's major version. */
  Optional<Path> pgDump() throws SQLException {
    Path path = Path.of("/usr/lib/postgresql/" + majorVersion() + "/bin/pg_dump");
    return Files.isExecutable(path) && name.equals("external")
        ? Optional.of(path)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return name;
  }
}

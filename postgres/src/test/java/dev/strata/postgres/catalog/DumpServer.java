package dev.strata.postgres.catalog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
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
 * A server the catalog and review tests run against: the embedded PostgreSQL 17 (zonky, started
 * once per test JVM and shared by both) or the server of {@code STRATA_TEST_PG_URL} (e.g. {@code
 * postgresql://postgres@127.0.0.1:5432/postgres}, a superuser with trust authentication). The
 * testkit module has the same, but depends on this one.
 */
public record DumpServer(String name, String host, int port, String user) {
  private static EmbeddedPostgres embedded;

  /** The server called {@code name}; a test on an external server not configured is skipped. */
  public static DumpServer named(String name) {
    return switch (name) {
      case "embedded" -> embedded();
      case "external" -> external();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static synchronized DumpServer embedded() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = embedded;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // The JVM is exiting; the temporary data directory goes with the server.
                    }
                  }));
    }
    return new DumpServer("embedded", "localhost", embedded.getPort(), "postgres");
  }

  private static DumpServer external() {
    String url = System.getenv("STRATA_TEST_PG_URL");
    assumeTrue(url != null && !url.isBlank(), "STRATA_TEST_PG_URL is not set");
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    String user =
        uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().replaceFirst(":.*", "");
    return new DumpServer(
        "external", uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user);
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

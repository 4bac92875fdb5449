package dev.strata.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers every database test runs against: the embedded PostgreSQL always (started once per
 * test JVM, in a temporary directory), and the server of {@code STRATA_TEST_PG_URL} when it is set.
 * Use as a JUnit {@code @MethodSource("dev.strata.testkit.TestServers#all")}.
 */
public final class TestServers {
  private static EmbeddedPostgres embedded;

  private TestServers() {}

  public static List<TestServer> all() {
    List<TestServer> servers = new ArrayList<>();
    servers.add(embedded());
    external().ifPresent(servers::add);
    return servers;
  }

  public static synchronized TestServer embedded() {
    if (embedded == null) {
      try {
        // fsync off: test data is thrown away, and every commit would otherwise wait for a flush.
        embedded = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot start the embedded PostgreSQL: " + e.getMessage(), e);
      }
      EmbeddedPostgres started = embedded;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // The JVM is exiting; the temporary directory goes with the server.
                    }
                  }));
    }
    return new TestServer("embedded", "localhost", embedded.getPort(), "postgres");
  }

  /**
   * The server named by {@code STRATA_TEST_PG_URL} ({@code postgresql://user@host:port/db}), if
   * set.
   */
  public static Optional<TestServer> external() {
    String url = System.getenv("STRATA_TEST_PG_URL");
    if (url == null || url.isBlank()) return Optional.empty();
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    String user =
        uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().replaceFirst(":.*", "");
    return Optional.of(
        new TestServer("external", uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user));
  }
}

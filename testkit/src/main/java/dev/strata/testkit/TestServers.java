package dev.strata.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.TestInfo;

/**
 * The servers every database test runs against: the embedded PostgreSQL always (started once per
 * test JVM, in a temporary directory), and the server of {@code STRATA_TEST_PG_URL} when it is set.
 * Use as a JUnit {@code @MethodSource("dev.strata.testkit.TestServers#each")}.
 */
public final class TestServers {
  private static EmbeddedPostgres embedded;

  private TestServers() {}

  /**
   * The servers one test runs against: every one with {@code STRATA_FULL_TESTS=1} (as {@code
   * .ci/run} sets); else one of them, chosen by the test's class and method name, so that a quick
   * run covers both servers across the suite in half the time and each test keeps its server from
   * run to run.
   */
  public static List<TestServer> each(TestInfo test) {
    List<TestServer> servers = all();
    if (servers.size() == 1 || "1".equals(System.getenv("STRATA_FULL_TESTS"))) return servers;
    String name =
        test.getTestClass().map(Class::getName).orElse("")
            + "#"
            + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
    return List.of(servers.get(Math.floorMod(name.hashCode(), servers.size())));
  }

  /** Every server: the embedded one, and the external one when it is set. */
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

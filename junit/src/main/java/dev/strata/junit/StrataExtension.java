package dev.strata.junit;

import dev.strata.core.Strata;
import dev.strata.embedded.EmbeddedServer;
import dev.strata.postgres.PostgresUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What {@link StrataTest} does: before a test class, a database named {@code strata_test_<random>}
 * is created and migrated with Strata; after it, dropped (connections still open are ended). The
 * embedded server, when used, is started once and stopped when the run ends.
 */
public final class StrataExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(StrataExtension.class);
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    StrataTest settings = context.getRequiredTestClass().getAnnotation(StrataTest.class);
    if (settings == null) {
      throw new ExtensionConfigurationException(
          "StrataExtension needs @StrataTest on " + context.getRequiredTestClass().getName());
    }
    PostgresUrl server = PostgresUrl.parse(serverUrl(settings, context));
    String name = "strata_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE \"" + name + "\"");
    context.getStore(NAMESPACE).put("database", new Created(server, name));
    String url = urlOf(server, name);
    Strata.configure()
        .url(url)
        .locations(settings.locations())
        .classLoader(context.getRequiredTestClass().getClassLoader())
        .workingDir(Path.of("").toAbsolutePath())
        .load()
        .deploy();
    Properties credentials = server.properties(CONNECT_TIMEOUT_SECONDS);
    context
        .getStore(NAMESPACE)
        .put(
            "handle",
            new StrataDatabase(
                name,
                url,
                PostgresUrl.parse(url).jdbcUrl(),
                credentials.getProperty("user"),
                credentials));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Created created = context.getStore(NAMESPACE).remove("database", Created.class);
    if (created != null) {
      execute(created.server(), "DROP DATABASE IF EXISTS \"" + created.name() + "\" WITH (FORCE)");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == StrataDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    StrataDatabase handle = context.getStore(NAMESPACE).get("handle", StrataDatabase.class);
    if (handle == null) {
      throw new ExtensionConfigurationException(
          "no Strata database yet: a StrataDatabase parameter is known from @BeforeAll on");
    }
    return handle;
  }

  private record Created(PostgresUrl server, String name) {}

  private static String serverUrl(StrataTest settings, ExtensionContext context) {
    if (!settings.url().isBlank()) return settings.url();
    String fromProperty = System.getProperty("strata.test.url");
    if (fromProperty != null && !fromProperty.isBlank()) return fromProperty;
    String fromEnvironment = System.getenv("STRATA_TEST_URL");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment;
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("embedded", key -> Embedded.start(), Embedded.class)
        .server()
        .url();
  }

  /** The embedded server of the run, in a directory of its own, removed when the run ends. */
  private record Embedded(EmbeddedServer server, Path stateDir)
      implements ExtensionContext.Store.CloseableResource {
    static Embedded start() {
      try {
        Path dir = Files.createTempDirectory("strata-junit-");
        return new Embedded(EmbeddedServer.start(dir), dir);
      } catch (IOException e) {
        throw new ExtensionConfigurationException("cannot make a directory for PostgreSQL", e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The URL of database {@code name} on {@code server}, with its credentials. */
  private static String urlOf(PostgresUrl server, String name) {
    Properties credentials = server.properties(CONNECT_TIMEOUT_SECONDS);
    String base = server.jdbcUrl();
    String serverPart = base.substring(0, base.lastIndexOf('/') + 1);
    return dev.strata.core.config.DatabaseUrls.withCredentials(
        serverPart + name, credentials.getProperty("user"), credentials.getProperty("password"));
  }

  private static void execute(PostgresUrl server, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                server.jdbcUrl(), server.properties(CONNECT_TIMEOUT_SECONDS));
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}

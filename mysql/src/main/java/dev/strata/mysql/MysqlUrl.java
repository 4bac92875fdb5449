package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A MySQL or MariaDB URL in the forms users paste: {@code mysql://} and {@code mariadb://} (as
 * Prisma takes them), {@code jdbc:mysql:} and {@code jdbc:mariadb:}. All are spoken to by MariaDB
 * Connector/J, which serves both servers.
 *
 * @param jdbcUrl the URL the driver connects to, without credentials
 * @param database the database (MySQL's schema) migrations run in
 * @param display host, port and database, for messages
 */
public record MysqlUrl(
    String jdbcUrl,
    String host,
    int port,
    String database,
    Optional<String> user,
    Optional<String> password,
    Map<String, String> parameters,
    String display) {

  /** Prisma's URL parameters, which mean nothing to the driver. */
  private static final java.util.Set<String> PRISMA_ONLY =
      java.util.Set.of("connection_limit", "pool_timeout", "socket_timeout", "sslaccept", "schema");

  public static boolean accepts(String url) {
    return url.startsWith("mysql://")
        || url.startsWith("mariadb://")
        || url.startsWith("jdbc:mysql:")
        || url.startsWith("jdbc:mariadb:");
  }

  public static MysqlUrl parse(String url) {
    String plain = url.replaceFirst("^jdbc:", "");
    try {
      URI uri = new URI(plain.replaceFirst("^(mysql|mariadb)://", "mysql://"));
      String host = uri.getHost() == null || uri.getHost().isEmpty() ? "localhost" : uri.getHost();
      int port = uri.getPort() > 0 ? uri.getPort() : 3306;
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
      if (path.isEmpty())
        throw new IllegalArgumentException("it names no database (…:3306/DATABASE)");
      String database = DatabaseUrls.decode(path);
      Map<String, String> params = DatabaseUrls.queryParameters(uri.getRawQuery());
      Optional<String> user = Optional.ofNullable(params.remove("user"));
      Optional<String> password = Optional.ofNullable(params.remove("password"));
      if (uri.getRawUserInfo() != null) {
        String info = uri.getRawUserInfo();
        int colon = info.indexOf(':');
        user =
            Optional.of(DatabaseUrls.decode(colon < 0 ? info : info.substring(0, colon)))
                .filter(s -> !s.isEmpty());
        if (colon >= 0) password = Optional.of(DatabaseUrls.decode(info.substring(colon + 1)));
      }
      PRISMA_ONLY.forEach(params::remove);
      String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      String jdbc =
          "jdbc:mariadb://"
              + hostPart
              + ":"
              + port
              + "/"
              + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
      return new MysqlUrl(
          jdbc, host, port, database, user, password, params, host + ":" + port + "/" + database);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new StrataException(
          ExitCode.USAGE,
          "Cannot read the database URL "
              + DatabaseUrls.mask(url)
              + ": "
              + DatabaseUrls.scrub(e.getMessage(), url)
              + ". Expected mysql://user:password@host:3306/database (percent-encode special"
              + " characters).");
    }
  }

  /** The URL of another database on the same server, with the same credentials. */
  public MysqlUrl withDatabase(String other) {
    String jdbc = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + other;
    return new MysqlUrl(
        jdbc, host, port, other, user, password, parameters, host + ":" + port + "/" + other);
  }

  /** Connection properties for the driver, credentials included. */
  public Properties properties(int connectTimeoutSeconds) {
    Properties props = new Properties();
    parameters.forEach(props::setProperty);
    props.remove("sslmode"); // libpq's spelling, read by sslMode()
    user.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    if (!props.containsKey("user")) props.setProperty("user", "root");
    props.setProperty(
        "connectTimeout", Integer.toString(Math.max(1, connectTimeoutSeconds) * 1000));
    // "strata PID@HOST" in performance_schema's connect attributes: the lock holder is named.
    props.setProperty(
        "connectionAttributes",
        "program_name:" + dev.strata.core.dialect.DeployerIdentity.applicationName());
    props.setProperty("sslMode", sslMode().orElse("trust"));
    // A statement's text goes to the server exactly as written: no client-side rewriting.
    props.putIfAbsent("useServerPrepStmts", "false");
    return props;
  }

  /**
   * The driver's TLS mode from the URL: its own {@code sslMode}, or libpq's and Prisma's {@code
   * sslmode} words; empty when the URL says nothing, which means "prefer" as for libpq and Prisma:
   * encrypted if the server offers it, else plain ({@link MysqlProvider} retries without).
   */
  Optional<String> sslMode() {
    String given = parameters.get("sslMode");
    if (given != null) return Optional.of(given);
    String libpq = parameters.get("sslmode");
    if (libpq == null) return Optional.empty();
    return Optional.of(
        switch (libpq) {
          case "disable" -> "disable";
          case "prefer", "require", "allow" -> "trust";
          case "verify-ca" -> "verify-ca";
          default -> "verify-full";
        });
  }

  /** The same URL with TLS off: the fallback of "prefer" against a server without TLS. */
  MysqlUrl withoutTls() {
    Map<String, String> plain = new LinkedHashMap<>(parameters);
    plain.remove("sslmode");
    plain.put("sslMode", "disable");
    return new MysqlUrl(jdbcUrl, host, port, database, user, password, plain, display);
  }
}

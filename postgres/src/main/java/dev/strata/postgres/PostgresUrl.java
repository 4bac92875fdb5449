package dev.strata.postgres;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL URL in any of the forms users paste: {@code postgresql://}, {@code postgres://} (as
 * Prisma and libpq take them, with {@code ?schema=} and {@code sslmode}) and {@code
 * jdbc:postgresql:}.
 *
 * @param jdbcUrl the URL pgjdbc connects to, without credentials
 * @param user the user, if the URL names one
 * @param password the password, if any (never printed)
 * @param schema Prisma's {@code ?schema=}: the schema migrations run in and the history lives in
 * @param display host, port and database, for messages
 */
public record PostgresUrl(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    Optional<String> schema,
    Map<String, String> parameters,
    String display) {

  public static boolean accepts(String url) {
    return url.startsWith("postgresql://")
        || url.startsWith("postgres://")
        || url.startsWith("jdbc:postgresql:");
  }

  public static PostgresUrl parse(String url) {
    if (url.startsWith("jdbc:postgresql:")) return parseJdbc(url);
    try {
      URI uri = new URI(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
      String host = uri.getHost();
      if (host == null && uri.getRawAuthority() != null)
        host = hostFromAuthority(uri.getRawAuthority());
      int port = uri.getPort() > 0 ? uri.getPort() : 5432;
      String database =
          uri.getRawPath() == null || uri.getRawPath().length() <= 1
              ? "postgres"
              : DatabaseUrls.decode(uri.getRawPath().substring(1));
      Optional<String> user = Optional.empty();
      Optional<String> password = Optional.empty();
      if (uri.getRawUserInfo() != null) {
        String info = uri.getRawUserInfo();
        int colon = info.indexOf(':');
        user =
            Optional.of(DatabaseUrls.decode(colon < 0 ? info : info.substring(0, colon)))
                .filter(s -> !s.isEmpty());
        if (colon >= 0) password = Optional.of(DatabaseUrls.decode(info.substring(colon + 1)));
      }
      Map<String, String> params = DatabaseUrls.queryParameters(uri.getRawQuery());
      Optional<String> schema = Optional.ofNullable(params.remove("schema"));
      params.remove("connection_limit");
      params.remove("pool_timeout");
      if (params.containsKey("host")) host = params.remove("host");
      if (host == null || host.isEmpty()) host = "localhost";
      String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      String jdbc = "jdbc:postgresql://" + hostPart + ":" + port + "/" + encodePath(database);
      return new PostgresUrl(
          jdbc, user, password, schema, params, host + ":" + port + "/" + database);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new StrataException(
          ExitCode.USAGE,
          "Cannot read the database URL "
              + DatabaseUrls.mask(url)
              + ": "
              + DatabaseUrls.scrub(e.getMessage(), url)
              + ". Expected postgresql://user:password@host:5432/database (percent-encode special characters).");
    }
  }

  private static PostgresUrl parseJdbc(String url) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    Map<String, String> params = DatabaseUrls.queryParameters(q < 0 ? null : url.substring(q + 1));
    Optional<String> user = Optional.ofNullable(params.remove("user"));
    Optional<String> password = Optional.ofNullable(params.remove("password"));
    Optional<String> schema = Optional.ofNullable(params.remove("schema"));
    if (schema.isEmpty()) schema = Optional.ofNullable(params.get("currentSchema"));
    String display = base.substring("jdbc:postgresql:".length()).replaceFirst("^//", "");
    return new PostgresUrl(base, user, password, schema, params, display);
  }

  /** Connection properties for pgjdbc, including the credentials. */
  public Properties properties(int connectTimeoutSeconds) {
    Properties props = new Properties();
    parameters.forEach(props::setProperty);
    user.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    if (!props.containsKey("user"))
      props.setProperty("user", System.getProperty("user.name", "postgres"));
    props.setProperty("connectTimeout", Integer.toString(Math.max(1, connectTimeoutSeconds)));
    props.setProperty("loginTimeout", Integer.toString(Math.max(1, connectTimeoutSeconds)));
    // "strata PID@HOST": another Strata can tell a session whose deployer process died.
    props.putIfAbsent(
        "ApplicationName", dev.strata.core.dialect.DeployerIdentity.applicationName());
    // The simple query protocol sends a whole migration in one message, so the server reports an
    // error position within the script (mapped back to a line) and the migration costs one round
    // trip.
    props.setProperty("preferQueryMode", "simple");
    return props;
  }

  private static String hostFromAuthority(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  private static String encodePath(String database) {
    return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

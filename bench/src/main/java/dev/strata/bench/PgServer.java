package dev.strata.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The PostgreSQL server under test, parsed from a libpq URL ({@code
 * postgresql://user[:password]@host[:port]/database[?params]}). Each tool needs the same server in
 * its own dialect: libpq URLs for psql and strata, JDBC URLs for Flyway, Liquibase and the harness
 * itself.
 */
record PgServer(
    String user, String password, String host, int port, String database, String params) {

  static PgServer parse(String url) {
    URI uri = URI.create(url);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "expected postgresql://user@host:port/database, got " + url);
    }
    String user = "postgres";
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String database = path.isEmpty() ? "postgres" : path;
    return new PgServer(user, password, host, port, database, uri.getRawQuery());
  }

  /** The same server, another database, as a libpq URL (psql {@code -d}, strata {@code --url}). */
  String libpqUrl(String db) {
    StringBuilder url = new StringBuilder("postgresql://").append(encode(user));
    if (password != null) {
      url.append(':').append(encode(password));
    }
    url.append('@').append(hostPort()).append('/').append(encode(db));
    if (params != null) {
      url.append('?').append(params);
    }
    return url.toString();
  }

  /** The same server, another database, as a self-contained JDBC URL (credentials included). */
  String jdbcUrl(String db) {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(hostPort())
            .append('/')
            .append(encode(db))
            .append("?user=")
            .append(encode(user));
    if (password != null) {
      url.append("&password=").append(encode(password));
    }
    if (params != null) {
      url.append('&').append(params);
    }
    return url.toString();
  }

  private String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}

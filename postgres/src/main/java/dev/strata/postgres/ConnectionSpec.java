package dev.strata.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to open more connections to the server one {@link PostgresDatabase} is connected to: backup
 * and restore work on several connections, and restore also on other databases of the same server.
 *
 * @param hostAndPort {@code jdbc:postgresql://host:port/} prefix, without a database
 * @param database the database the user named
 */
public record ConnectionSpec(String hostAndPort, String database, Properties properties) {

  static ConnectionSpec of(PostgresUrl url, int connectTimeoutSeconds) {
    String jdbc = url.jdbcUrl();
    int slash = jdbc.indexOf('/', "jdbc:postgresql://".length());
    String prefix = slash < 0 ? jdbc + "/" : jdbc.substring(0, slash + 1);
    String database =
        slash < 0
            ? "postgres"
            : java.net.URLDecoder.decode(
                jdbc.substring(slash + 1), java.nio.charset.StandardCharsets.UTF_8);
    return new ConnectionSpec(prefix, database, url.properties(connectTimeoutSeconds))
        .inSchema(url.schema());
  }

  /**
   * These settings with {@code schema} (or none) first on the search path of every connection they
   * open: the review's second connection, a backup's readers and a shadow's all see the schema the
   * URL named.
   */
  ConnectionSpec inSchema(java.util.Optional<String> schema) {
    Properties props = new Properties();
    props.putAll(properties);
    // pgjdbc sends it as the search_path startup parameter, which the server parses as a list.
    if (schema.isPresent()) props.setProperty("currentSchema", Sql.identifier(schema.get()));
    else props.remove("currentSchema");
    return new ConnectionSpec(hostAndPort, database, props);
  }

  public Connection open() throws SQLException {
    return open(database);
  }

  public Connection open(String otherDatabase) throws SQLException {
    Properties props = new Properties();
    props.putAll(properties);
    // COPY and long data loads work best over the extended protocol's defaults; keep simple mode
    // (set for migrations) only where a whole script is sent at once.
    props.remove("preferQueryMode");
    String encoded =
        java.net.URLEncoder.encode(otherDatabase, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
    return DriverManager.getConnection(hostAndPort + encoded, props);
  }
}

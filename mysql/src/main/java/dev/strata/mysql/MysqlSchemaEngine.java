package dev.strata.mysql;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.schema.Schema;
import dev.strata.core.schema.SchemaComparison;
import dev.strata.core.schema.SchemaEngine;
import dev.strata.core.sql.SqlStatement;
import dev.strata.mysql.catalog.MysqlSchema;
import dev.strata.mysql.catalog.SchemaDiff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Schemas on MySQL and MariaDB: read from the server's own {@code SHOW CREATE} text, compared part
 * by part, built in shadow databases on the same server ({@code strata_shadow_…}, with the target's
 * default charset and collation, so that tables created without one get the same).
 */
final class MysqlSchemaEngine implements SchemaEngine {
  private static final String SHADOW_PREFIX = "strata_shadow_";

  private final Connection connection;
  private final MysqlUrl url;
  private final String catalogVersion;

  MysqlSchemaEngine(Connection connection, MysqlUrl url, boolean mariadb, String version) {
    this.connection = connection;
    this.url = url;
    this.catalogVersion =
        (mariadb ? "MariaDB " : "MySQL ") + version.replaceFirst("^(\\d+\\.\\d+).*", "$1");
  }

  @Override
  public Schema read(HistoryTable historyTable) {
    try {
      return MysqlSchema.read(connection, url.database(), List.of(historyTable.name()));
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot read the schema of `" + url.database() + "`: " + MysqlErrors.message(e),
          e);
    }
  }

  @Override
  public SchemaComparison compare(Schema from, Schema to) {
    return SchemaDiff.compare((MysqlSchema) from, (MysqlSchema) to);
  }

  @Override
  public String catalogVersion() {
    return catalogVersion;
  }

  /**
   * Whether the user may create any database ({@code ON *.*}); a grant on the shadow databases'
   * names alone ({@code `strata\_shadow\_%`.*}) serves too, and is found by trying.
   */
  @Override
  public boolean canCreateScratch() {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW GRANTS")) {
      while (rs.next()) {
        String grant = rs.getString(1).toUpperCase(Locale.ROOT);
        if (grant.contains(" ON *.* ")
            && (grant.contains("ALL PRIVILEGES") || grant.matches(".*[ ,]CREATE[ ,].*")))
          return true;
      }
      return false;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Schemas of MySQL are built on a MySQL server: the embedded PostgreSQL cannot stand in. */
  @Override
  public boolean buildsOnEmbedded() {
    return false;
  }

  /**
   * A shadow database, locked by name for as long as it lives (the lock goes with the connection,
   * so a killed process leaves it free): one found unlocked was left by a killed process and is
   * dropped first.
   */
  @Override
  public Database createScratch() {
    String name = SHADOW_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Connection admin = null;
    try {
      admin = MysqlProvider.connect(url, 10);
      dropAbandoned(admin);
      if (!NamedLock.tryLock(admin, lockName(name)))
        throw new SQLException("the shadow database's name is locked by another session");
      try (Statement st = admin.createStatement()) {
        st.execute("CREATE DATABASE " + Sql.identifier(name) + " " + charset(admin));
      }
    } catch (SQLException e) {
      closeQuietly(admin);
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot create a shadow database on "
              + url.display()
              + ": "
              + MysqlErrors.message(e)
              + ". The user needs to create and drop its shadow databases there (GRANT ALL ON"
              + " `strata\\_shadow\\_%`.* TO …); or point --shadow-url (STRATA_SHADOW_URL) at a "
              + catalogVersion
              + " server where it has it.",
          e);
    }
    Connection owner = admin;
    Runnable drop =
        () -> {
          try (Statement st = owner.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name));
          } catch (SQLException e) {
            // Left for the next shadow to drop: its lock goes with this connection.
          }
          closeQuietly(owner);
        };
    MysqlUrl scratch = url.withDatabase(name);
    try {
      return new MysqlDatabase(MysqlProvider.connect(scratch, 10), scratch, drop);
    } catch (SQLException | RuntimeException e) {
      drop.run();
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot connect to the shadow database " + name + ": " + e.getMessage(),
          e);
    }
  }

  private static String lockName(String shadow) {
    return "strata:" + shadow;
  }

  /** The target's default charset and collation, for the shadow database. */
  private String charset(Connection admin) throws SQLException {
    try (PreparedStatement st =
        admin.prepareStatement(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM"
                + " information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      st.setString(1, url.database());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) return "";
        return "CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2);
      }
    }
  }

  private static void dropAbandoned(Connection admin) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE"
                    + " 'strata\\_shadow\\_%'")) {
      while (rs.next()) found.add(rs.getString(1));
    }
    for (String name : found) {
      if (!name.matches(SHADOW_PREFIX + "[0-9a-f]{12}")) continue;
      // Taking its lock proves nobody uses it, and keeps a new user off while it is dropped.
      if (!NamedLock.tryLock(admin, lockName(name))) continue;
      try (Statement st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name));
      } finally {
        NamedLock.release(admin, lockName(name));
      }
    }
  }

  @Override
  public void build(Schema schema, String source) {
    for (String statement : schema.statements()) run(statement, source, 0);
  }

  @Override
  public List<String> migrationPreamble() {
    return List.of("SET SESSION lock_wait_timeout = 5");
  }

  @Override
  public void execute(String script, String source) {
    for (SqlStatement statement : new MysqlSplitter().split(script))
      run(statement.text(), source, statement.startLine());
  }

  private void run(String sql, String source, int line) {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      String first = sql.strip().lines().findFirst().orElse("");
      throw new StrataException(
          ExitCode.FAILED,
          source
              + (line > 0 ? ":" + line : "")
              + ": "
              + MysqlErrors.message(e)
              + " in `"
              + (first.length() > 120 ? first.substring(0, 120) + "…" : first)
              + "`",
          e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing left to release.
    }
  }
}

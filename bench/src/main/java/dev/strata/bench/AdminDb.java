package dev.strata.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's own connection to the server: creates and drops the scratch database of every run
 * and checks afterwards that a tool really applied the whole corpus. None of this is timed.
 */
final class AdminDb implements AutoCloseable {

  /** Scratch databases are named so; {@link #drop} refuses anything else. */
  static final String PREFIX = "bench_";

  record Verification(boolean ok, String detail) {}

  private final PgServer server;
  private final Connection admin;

  AdminDb(PgServer server) throws SQLException {
    this.server = server;
    this.admin = DriverManager.getConnection(server.jdbcUrl(server.database()));
  }

  String serverVersion() throws SQLException {
    return queryString(admin, "SELECT version()");
  }

  void create(String database) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + quoted(database));
    }
  }

  void drop(String database) throws SQLException {
    drop(admin, database);
  }

  /** The first column of the first row of a query run in another database of the server. */
  String single(String database, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(database))) {
      return queryString(c, sql);
    }
  }

  /** An empty database from template0, the way pg_dump's documentation restores into. */
  void createFromTemplate0(String database) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + quoted(database) + " TEMPLATE template0");
    }
  }

  /** Renames a scratch database (never anything else); nobody may be connected to it. */
  void rename(String from, String to) throws SQLException {
    if (!from.startsWith(PREFIX)) {
      throw new IllegalArgumentException("refusing to rename " + from);
    }
    executeRetrying("ALTER DATABASE " + quoted(from) + " RENAME TO " + quoted(to));
  }

  /**
   * A copy of {@code template} (a file-level copy of its catalogs); nobody may be connected to it.
   */
  void createFromTemplate(String database, String template) throws SQLException {
    executeRetrying("CREATE DATABASE " + quoted(database) + " TEMPLATE " + quoted(template));
  }

  /** For statements that need a database nobody is connected to. */
  private void executeRetrying(String sql) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Statement st = admin.createStatement()) {
        st.execute(sql);
        return;
      } catch (SQLException e) {
        // 55006: a just-closed connection's backend may not have exited yet
        if (!"55006".equals(e.getSQLState()) || attempt == 20) {
          throw e;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  boolean exists(String database) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** The database's comment ({@code COMMENT ON DATABASE}), or null. */
  String comment(String database) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sets the database's comment; {@code text} must not contain a quote. */
  void setComment(String database, String text) throws SQLException {
    if (text.contains("'")) {
      throw new IllegalArgumentException("quote in comment " + text);
    }
    try (Statement st = admin.createStatement()) {
      st.execute("COMMENT ON DATABASE " + quoted(database) + " IS '" + text + "'");
    }
  }

  long databaseSize(String database) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement("SELECT pg_database_size(?)")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Used by the shutdown hook, which cannot trust the shared connection to be idle. */
  static void dropWithFreshConnection(PgServer server, String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(server.database()))) {
      drop(c, database);
    }
  }

  private static void drop(Connection c, String database) throws SQLException {
    if (!database.startsWith(PREFIX)) {
      throw new IllegalArgumentException("refusing to drop " + database);
    }
    try (Statement st = c.createStatement()) {
      // FORCE: a killed tool may leave a backend behind for a moment
      st.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
    }
  }

  /**
   * Flushes dirty buffers between runs so a checkpoint triggered by an earlier run does not land
   * inside a later one's timing. Needs superuser or pg_checkpoint; false when not allowed.
   */
  boolean checkpoint() {
    try (Statement st = admin.createStatement()) {
      st.execute("CHECKPOINT");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Names of leftover scratch databases, e.g. from a run killed with SIGKILL. */
  List<String> leftovers() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Compares the database's objects and seeded rows with what the corpus creates. */
  Verification verify(String database, Corpus.Expectations expected) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(database))) {
      List<String> problems = new ArrayList<>();
      check(
          problems,
          "tables",
          expected.tables().size(),
          count(
              c,
              """
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY (?)""",
              expected.tables()));
      check(
          problems,
          "views",
          expected.views().size(),
          count(
              c,
              """
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') AND c.relname = ANY (?)""",
              expected.views()));
      check(
          problems,
          "functions",
          expected.functions().size(),
          count(
              c,
              """
                    SELECT count(DISTINCT p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND p.proname = ANY (?)""",
              expected.functions()));
      check(
          problems,
          "enum types",
          expected.enums().size(),
          count(
              c,
              """
                    SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = 'public' AND t.typtype = 'e' AND t.typname = ANY (?)""",
              expected.enums()));
      if (problems.isEmpty()) {
        // rows are checked last: the query needs every table to exist
        check(problems, "seeded rows", expected.rows(), rowCount(c, expected.countedTables()));
      }
      return problems.isEmpty()
          ? new Verification(
              true,
              expected.tables().size()
                  + " tables, "
                  + expected.views().size()
                  + " views, "
                  + expected.functions().size()
                  + " functions, "
                  + expected.rows()
                  + " rows")
          : new Verification(false, String.join("; ", problems));
    }
  }

  private static void check(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": expected " + expected + ", found " + actual);
    }
  }

  private static long count(Connection c, String sql, List<String> names) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("text", names.toArray());
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long rowCount(Connection c, List<String> tables) throws SQLException {
    if (tables.isEmpty()) {
      return 0;
    }
    StringBuilder sql = new StringBuilder("SELECT 0");
    for (String table : tables) {
      sql.append("\n + (SELECT count(*) FROM ").append(quoted(table)).append(')');
    }
    return Long.parseLong(queryString(c, sql.toString()));
  }

  private static String queryString(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws SQLException {
    admin.close();
  }
}

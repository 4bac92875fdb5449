package dev.strata.postgres.backup;

import dev.strata.postgres.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What belongs to a database rather than to its schema, which a dump of its contents leaves out:
 * its owner, grants ({@code REVOKE CONNECT ... FROM PUBLIC}), {@code ALTER DATABASE ... SET}
 * settings (also per role), comment and connection limit. A backup records them as statements that
 * name the database {@value #MARKER}, at its first mention, before any text of the user's; a
 * restore runs them on the staging database before it is swapped in.
 */
final class DatabaseProperties {
  static final String MARKER = "{{database}}";

  /** Settings whose values are lists that the catalog already holds in SQL syntax. */
  private static final Set<String> LIST_SETTINGS =
      Set.of(
          "search_path",
          "temp_tablespaces",
          "session_preload_libraries",
          "local_preload_libraries",
          "shared_preload_libraries");

  private DatabaseProperties() {}

  /** The statements that give a new database the properties of {@code database}. */
  static List<String> read(Connection c, String database) throws SQLException {
    List<String> out = new ArrayList<>();
    String db = MARKER;
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT pg_get_userbyid(datdba), datconnlimit,"
                + " shobj_description(oid, 'pg_database'), datacl IS NULL, oid"
                + " FROM pg_database WHERE datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) return List.of();
        out.add("ALTER DATABASE " + db + " OWNER TO " + Sql.identifier(rs.getString(1)));
        if (rs.getInt(2) != -1)
          out.add("ALTER DATABASE " + db + " CONNECTION LIMIT " + rs.getInt(2));
        if (rs.getString(3) != null) {
          out.add("COMMENT ON DATABASE " + db + " IS " + Sql.literal(rs.getString(3)));
        }
        if (!rs.getBoolean(4)) out.addAll(grants(c, rs.getLong(5), db));
        out.addAll(settings(c, rs.getLong(5), db));
      }
    }
    return out;
  }

  /** The grants, from nothing: PUBLIC's default CONNECT and TEMPORARY first taken away. */
  private static List<String> grants(Connection c, long oid, String db) throws SQLException {
    List<String> out = new ArrayList<>();
    out.add("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee))"
                + " END, a.privilege_type, a.is_grantable"
                + " FROM pg_database d, aclexplode(d.datacl) a WHERE d.oid = ?"
                + " ORDER BY 1, 2")) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(
              "GRANT "
                  + rs.getString(2)
                  + " ON DATABASE "
                  + db
                  + " TO "
                  + rs.getString(1)
                  + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
        }
      }
    }
    return out;
  }

  private static List<String> settings(Connection c, long oid, String db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END, u.setting"
                + " FROM pg_db_role_setting s, unnest(s.setconfig) AS u(setting)"
                + " WHERE s.setdatabase = ? ORDER BY 1 NULLS FIRST, 2")) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String role = rs.getString(1);
          String setting = rs.getString(2);
          int eq = setting.indexOf('=');
          String name = setting.substring(0, eq);
          String value = setting.substring(eq + 1);
          String assigned =
              " SET "
                  + Sql.identifier(name)
                  + " TO "
                  + (LIST_SETTINGS.contains(name) ? value : Sql.literal(value));
          out.add(
              role == null
                  ? "ALTER DATABASE " + db + assigned
                  : "ALTER ROLE " + Sql.identifier(role) + " IN DATABASE " + db + assigned);
        }
      }
    }
    return out;
  }

  /**
   * Runs the statements on {@code database}. A statement that cannot run here (a role this server
   * does not have) is skipped and named in the result, not fatal: the data matters more.
   *
   * @param ownership whether the owner is restored too
   * @return what was done, for the restore's checks
   */
  static List<String> apply(
      Connection admin, String database, List<String> statements, boolean ownership) {
    List<String> skipped = new ArrayList<>();
    int applied = 0;
    for (String template : statements) {
      if (!ownership && template.startsWith("ALTER DATABASE " + MARKER + " OWNER TO ")) continue;
      int at = template.indexOf(MARKER);
      if (at < 0) continue; // not one of ours
      String sql =
          template.substring(0, at)
              + Sql.identifier(database)
              + template.substring(at + MARKER.length());
      try (Statement st = admin.createStatement()) {
        st.execute(sql);
        applied++;
      } catch (SQLException e) {
        skipped.add(template.replace(MARKER, "the database") + " (" + e.getMessage().strip() + ")");
      }
    }
    List<String> checks = new ArrayList<>();
    if (applied > 0) checks.add("database properties restored (" + applied + " statements)");
    for (String s : skipped) checks.add("WARNING database property not restored: " + s);
    return checks;
  }
}

package dev.strata.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Databases Strata creates for a while (restore staging, shadow databases) are named {@code
 * <prefix><pid>_<suffix>}: when their process was killed before it could drop them, the next run
 * finds them by the pid that no longer lives, and drops them.
 */
public final class AbandonedDatabases {
  private AbandonedDatabases() {}

  /** Drops the databases named with {@code prefix} whose creating process is gone. */
  public static void drop(Connection admin, String prefix) throws SQLException {
    List<String> abandoned = new ArrayList<>();
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE "
                    + Sql.literal(prefix + "%"))) {
      while (rs.next()) {
        String name = rs.getString(1);
        String[] parts = name.substring(prefix.length()).split("_");
        try {
          long pid = Long.parseLong(parts[0]);
          if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) abandoned.add(name);
        } catch (NumberFormatException e) {
          // Not one of ours.
        }
      }
    }
    try (Statement st = admin.createStatement()) {
      for (String name : abandoned)
        st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
    }
  }
}

package dev.strata.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Databases Strata creates for a while (restore staging, shadow databases) are named {@code
 * <prefix><pid>_h<host>_<suffix>}: when their process was killed before it could drop them, the
 * next run finds them and drops them. Shadow databases may live on a server many machines deploy
 * to, so a database made on another machine is only dropped when nobody is connected to it.
 */
public final class AbandonedDatabases {
  private static final String HOST = hostTag();

  private AbandonedDatabases() {}

  /** A name for a database this process creates, unique per {@code suffix}. */
  public static String name(String prefix, String suffix) {
    return prefix + ProcessHandle.current().pid() + "_" + HOST + "_" + suffix;
  }

  /** Drops the databases named with {@code prefix} whose creating process is gone. */
  public static void drop(Connection admin, String prefix) throws SQLException {
    List<String> ours = new ArrayList<>();
    List<String> idle = new ArrayList<>();
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT d.datname, EXISTS (SELECT 1 FROM pg_stat_activity a"
                    + " WHERE a.datname = d.datname)"
                    + " FROM pg_database d WHERE d.datname LIKE "
                    + Sql.literal(prefix.replace("_", "\\_") + "%"))) {
      while (rs.next()) {
        String name = rs.getString(1);
        boolean connected = rs.getBoolean(2);
        String[] parts = name.substring(prefix.length()).split("_");
        long pid;
        try {
          pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          continue; // Not one of ours.
        }
        boolean here = parts.length >= 3 && parts[1].equals(HOST);
        if (here && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) ours.add(name);
        else if (!here && !connected) idle.add(name);
      }
    }
    try (Statement st = admin.createStatement()) {
      for (String name : ours)
        st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)");
      for (String name : idle) {
        try {
          // Without FORCE: should its process on another machine connect now, this fails.
          st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(name));
        } catch (SQLException e) {
          // In use after all.
        }
      }
    }
  }

  private static String hostTag() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "unknown");
    }
    return "h" + String.format("%06x", host.hashCode() & 0xffffff);
  }
}

package dev.strata.mysql.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A database's schema as a backup writes it and a restore checks it: tables with their columns,
 * views, routines, triggers and events, each as the server's own {@code SHOW CREATE} text, without
 * the DEFINER (the restoring user becomes it) and without the database's own name (so a backup
 * restores into any database, as mysqldump's does).
 */
public record DumpSchema(
    List<Table> tables,
    List<Named> views,
    List<Named> routines,
    List<Named> triggers,
    List<Named> events,
    List<String> databaseProperties) {

  /** A column as the dump selects it. */
  public record Column(String name, String dataType, boolean generated) {}

  public record Table(
      String name, String engine, String create, List<Column> columns, long estimatedBytes) {
    /** The columns an INSERT names: generated ones are computed by the server. */
    public List<Column> stored() {
      return columns.stream().filter(c -> !c.generated()).toList();
    }
  }

  public record Named(String name, String create) {}

  private static final Pattern DEFINER =
      Pattern.compile(
          "\\s+DEFINER\\s*=\\s*(`(?:[^`]|``)*`|'[^']*'|[^\\s@]+)(@(`(?:[^`]|``)*`|'[^']*'|\\S+))?");
  private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");

  public static DumpSchema read(Connection c, String database, List<String> skipTables)
      throws SQLException {
    List<Table> tables = new ArrayList<>();
    List<String> views = new ArrayList<>();
    Map<String, String> engines = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, COALESCE(DATA_LENGTH, 0)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (skipTables.contains(name)) continue;
          if (rs.getString(2).equals("VIEW")) views.add(name);
          else {
            engines.put(name, rs.getString(3));
            sizes.put(name, rs.getLong(4));
          }
        }
      }
    }
    Map<String, List<Column>> columns = columns(c, database);
    for (var e : engines.entrySet()) {
      String create = showCreate(c, "TABLE", database, e.getKey(), 2);
      tables.add(
          new Table(
              e.getKey(), e.getValue(), create, columns.get(e.getKey()), sizes.get(e.getKey())));
    }
    List<Named> viewDdl = new ArrayList<>();
    for (String v : views)
      viewDdl.add(new Named(v, portable(showCreate(c, "VIEW", database, v, 2), database)));
    List<Named> routines = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(2);
          if (!type.equals("PROCEDURE") && !type.equals("FUNCTION")) continue;
          routines.add(new Named(type + " " + rs.getString(1), null));
        }
      }
    }
    List<Named> routineDdl = new ArrayList<>();
    for (Named r : routines) {
      String[] parts = r.name().split(" ", 2);
      routineDdl.add(
          new Named(r.name(), portable(showCreate(c, parts[0], database, parts[1], 3), database)));
    }
    List<Named> triggers = new ArrayList<>();
    for (String t :
        names(
            c,
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER",
            database)) {
      triggers.add(new Named(t, portable(showCreate(c, "TRIGGER", database, t, 3), database)));
    }
    List<Named> events = new ArrayList<>();
    for (String ev :
        names(
            c,
            "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME",
            database)) {
      events.add(new Named(ev, portable(showCreate(c, "EVENT", database, ev, 4), database)));
    }
    List<String> properties = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next())
          properties.add(
              "ALTER DATABASE CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2));
      }
    }
    return new DumpSchema(tables, ordered(viewDdl), routineDdl, triggers, events, properties);
  }

  /** Views that others select from come first. */
  private static List<Named> ordered(List<Named> views) {
    List<Named> left = new ArrayList<>(views);
    List<Named> done = new ArrayList<>();
    while (!left.isEmpty()) {
      Named next = left.get(0);
      for (Named candidate : left) {
        boolean needsAnother =
            left.stream()
                .anyMatch(o -> o != candidate && candidate.create().contains("`" + o.name() + "`"));
        if (!needsAnother) {
          next = candidate;
          break;
        }
      }
      left.remove(next);
      done.add(next);
    }
    return done;
  }

  private static Map<String, List<Column>> columns(Connection c, String database)
      throws SQLException {
    Map<String, List<Column>> columns = new LinkedHashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String extra =
              rs.getString(4) == null ? "" : rs.getString(4).toUpperCase(java.util.Locale.ROOT);
          boolean generated =
              extra.contains("GENERATED")
                  || extra.contains("VIRTUAL")
                  || extra.contains("PERSISTENT")
                  || extra.contains("STORED");
          columns
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new Column(
                      rs.getString(2),
                      rs.getString(3).toLowerCase(java.util.Locale.ROOT),
                      generated));
        }
      }
    }
    return columns;
  }

  private static List<String> names(Connection c, String sql, String database) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static String showCreate(
      Connection c, String kind, String database, String name, int column) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SHOW CREATE " + kind + " " + quote(database) + "." + quote(name))) {
      if (!rs.next())
        throw new SQLException("SHOW CREATE " + kind + " " + name + " returned nothing");
      String text = rs.getString(column);
      if (text == null)
        throw new SQLException(
            "SHOW CREATE "
                + kind
                + " "
                + name
                + " shows no definition: the user needs to own it or"
                + " have SELECT on mysql.proc / SHOW_ROUTINE");
      return text;
    }
  }

  /** Without DEFINER and without this database's name in front of its own objects. */
  public static String portable(String create, String database) {
    String text = DEFINER.matcher(create).replaceFirst("");
    return text.replace(quote(database) + ".", "");
  }

  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * SHA-256 of the schema as the dump writes it, counters left out: equal schemas, equal prints.
   */
  String fingerprint() {
    StringBuilder text = new StringBuilder();
    for (Table t : tables)
      text.append(AUTO_INCREMENT.matcher(t.create()).replaceAll("")).append(";\n");
    for (List<Named> group : List.of(views, routines, triggers, events))
      for (Named n : group) text.append(n.create()).append(";\n");
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

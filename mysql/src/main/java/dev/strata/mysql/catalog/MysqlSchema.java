package dev.strata.mysql.catalog;

import dev.strata.core.schema.Schema;
import dev.strata.mysql.backup.DumpSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The schema of one MySQL or MariaDB database: its tables in parts, and its views, routines,
 * triggers and events as the server prints them, without DEFINER and without the database's own
 * name, so that the schema of a shadow database compares with a live one's.
 *
 * @param tables by name, in name order
 * @param views by name, each after the views it selects from
 * @param routines by {@code PROCEDURE name} or {@code FUNCTION name}
 * @param triggers by name, in table and firing order
 * @param events by name
 */
public record MysqlSchema(
    Map<String, TableShape> tables,
    Map<String, String> views,
    Map<String, String> routines,
    Map<String, String> triggers,
    Map<String, String> events)
    implements Schema {

  /**
   * An event created without STARTS starts when it was created, and the server prints that time:
   * two databases built from one script differ there and nowhere else.
   */
  private static final Pattern STARTS = Pattern.compile(" STARTS '[^']*'");

  /** Reads the schema of {@code database}, leaving out the tables named in {@code skipTables}. */
  public static MysqlSchema read(Connection c, String database, List<String> skipTables)
      throws SQLException {
    DumpSchema dump = DumpSchema.read(c, database, skipTables);
    Map<String, TableShape> tables = new LinkedHashMap<>();
    for (DumpSchema.Table t : dump.tables())
      tables.put(t.name(), TableShape.parse(t.name(), t.create()));
    return new MysqlSchema(
        tables,
        byName(dump.views()),
        byName(dump.routines()),
        byName(dump.triggers()),
        events(dump));
  }

  private static Map<String, String> byName(List<DumpSchema.Named> named) {
    Map<String, String> out = new LinkedHashMap<>();
    for (DumpSchema.Named n : named) out.put(n.name(), n.create());
    return out;
  }

  private static Map<String, String> events(DumpSchema dump) {
    Map<String, String> out = new LinkedHashMap<>();
    for (DumpSchema.Named n : dump.events())
      out.put(n.name(), STARTS.matcher(n.create()).replaceFirst(""));
    return out;
  }

  /**
   * As the {@code mysql}/{@code mariadb} client reads scripts: a routine, trigger or event whose
   * body has semicolons is written between {@code DELIMITER} lines (Strata reads those too).
   */
  @Override
  public String script() {
    StringBuilder sql =
        new StringBuilder("-- Schema pulled by strata; rebuilds it in an empty database.\n\n");
    for (String s : statements()) {
      if (s.contains(";")) sql.append("DELIMITER $$\n").append(s).append("$$\nDELIMITER ;\n\n");
      else sql.append(s).append(";\n\n");
    }
    return sql.toString();
  }

  @Override
  public int objectCount() {
    int count = views.size() + routines.size() + triggers.size() + events.size();
    for (TableShape t : tables.values())
      count += 1 + t.keys().size() + t.foreignKeys().size() + t.checks().size();
    return count;
  }

  /**
   * Tables without their foreign keys, then the foreign keys, then routines, views, triggers and
   * events: each statement finds what it needs already there.
   */
  @Override
  public List<String> statements() {
    List<String> out = new ArrayList<>();
    for (TableShape t : tables.values()) out.add(t.createWithoutForeignKeys());
    for (TableShape t : tables.values()) {
      if (t.foreignKeys().isEmpty()) continue;
      out.add(SchemaDiff.addForeignKeys(t.name(), t.foreignKeys().values()));
    }
    out.addAll(routines.values());
    out.addAll(views.values());
    out.addAll(triggers.values());
    out.addAll(events.values());
    return out;
  }
}

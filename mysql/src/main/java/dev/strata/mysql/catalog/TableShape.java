package dev.strata.mysql.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A table as the server's {@code SHOW CREATE TABLE} prints it, in parts: one line per column, key
 * and constraint, then the table options. The server prints each part in one canonical form (types
 * with their display widths, defaults as expressions, the charset only where it is not the table's
 * own), so two tables built the same way on the same server print the same lines, and a line is
 * also the SQL that adds that part again.
 *
 * @param name the table's name
 * @param columns column name to its line ({@code `id` int(11) NOT NULL}), in column order
 * @param keys index name ({@code PRIMARY} for the primary key) to its line
 * @param foreignKeys constraint name to its line ({@code CONSTRAINT `fk` FOREIGN KEY ...})
 * @param checks constraint name to its line ({@code CONSTRAINT `chk` CHECK (...)})
 * @param others any other part (a MariaDB period, a MySQL 8 feature not known here) by its text
 * @param options what follows the parts: engine, charset, collation, comment, partitioning; the
 *     auto-increment counter left out (it is data, not schema)
 */
public record TableShape(
    String name,
    Map<String, String> columns,
    Map<String, String> keys,
    Map<String, String> foreignKeys,
    Map<String, String> checks,
    List<String> others,
    String options) {

  private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");
  private static final Pattern CHARSET =
      Pattern.compile("DEFAULT CHARSET=(\\w+)(?: COLLATE=(\\w+))?");

  /** Reads the text of {@code SHOW CREATE TABLE}. */
  static TableShape parse(String name, String create) {
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    Map<String, String> foreignKeys = new LinkedHashMap<>();
    Map<String, String> checks = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    List<String> lines = create.lines().toList();
    StringBuilder options = new StringBuilder();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(")")) {
        options.append(line.substring(1).strip());
        for (int j = i + 1; j < lines.size(); j++) options.append('\n').append(lines.get(j));
        break;
      }
      String part = line.strip();
      if (part.endsWith(",")) part = part.substring(0, part.length() - 1);
      if (part.startsWith("`")) {
        columns.put(Identifiers.first(part), part);
      } else if (part.startsWith("PRIMARY KEY")) {
        keys.put("PRIMARY", part);
      } else if (part.matches("(UNIQUE |FULLTEXT |SPATIAL |VECTOR )?(KEY|INDEX) `.*")) {
        keys.put(Identifiers.first(part), part);
      } else if (part.startsWith("CONSTRAINT `") && part.contains(" FOREIGN KEY ")) {
        foreignKeys.put(Identifiers.first(part), part);
      } else if (part.startsWith("CONSTRAINT `") && part.contains(" CHECK ")) {
        checks.put(Identifiers.first(part), part);
      } else {
        others.add(part);
      }
    }
    return new TableShape(
        name,
        columns,
        keys,
        foreignKeys,
        checks,
        others,
        AUTO_INCREMENT.matcher(options.toString()).replaceAll("").strip());
  }

  /**
   * The table without its foreign keys, which are added once every table exists (two tables may
   * refer to each other).
   */
  String createWithoutForeignKeys() {
    List<String> parts = new ArrayList<>(columns.values());
    parts.addAll(keys.values());
    parts.addAll(checks.values());
    parts.addAll(others);
    return "CREATE TABLE "
        + Identifiers.quote(name)
        + " (\n  "
        + String.join(",\n  ", parts)
        + "\n)"
        + (options.isEmpty() ? "" : " " + options);
  }

  /** {@code DEFAULT CHARSET=x COLLATE=y} as the options say, or "" when they do not. */
  String charset() {
    var m = CHARSET.matcher(options);
    return m.find() ? m.group() : "";
  }

  /** The options as an ALTER TABLE clause: without partitioning, which is changed on its own. */
  String optionsClause() {
    int partition = options.indexOf("PARTITION BY");
    String own = partition < 0 ? options : options.substring(0, partition);
    own = own.replace("/*!50100", "").strip();
    return own;
  }

  /** The partitioning clause, or "". */
  String partitioning() {
    int partition = options.indexOf("PARTITION BY");
    return partition < 0 ? "" : options.substring(partition).replace("*/", "").strip();
  }

  /** The column's type as its line says ({@code varchar(100)}), for messages. */
  static String type(String columnLine) {
    String rest = columnLine.substring(Identifiers.skipFirst(columnLine)).strip();
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }
}

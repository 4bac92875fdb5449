package dev.strata.mysql.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table's plain secondary keys, taken out of its CREATE TABLE so that a restore builds them after
 * the rows are in. InnoDB then sorts each key once and writes its pages in order; inserted row by
 * row, a key larger than the buffer pool (an e-mail index of a few million rows is) costs a random
 * read and write per row.
 *
 * <p>The restored table must come out exactly as it was dumped, {@code SHOW CREATE TABLE} included,
 * for the restore's schema check. The server lists keys by kind (primary, unique, plain, full-text)
 * and within a kind in the order they were made, so only plain keys that come after every plain key
 * that stays are taken out: added again in their order, they land where they were. A plain key that
 * serves a foreign key of its table stays (without it the server would make its own, under another
 * name), and so do the keys before it. Only InnoDB tables in the form {@code SHOW CREATE TABLE}
 * writes (one definition per line, not partitioned) are changed; anything else is left as it is.
 */
record DeferredKeys(String create, String table, List<String> keys) {
  private static final Pattern HEAD =
      Pattern.compile("CREATE TABLE (`(?:[^`]|``)+`) \\(", Pattern.CASE_INSENSITIVE);

  /** A foreign key, its first column in group 1. */
  private static final Pattern FOREIGN = Pattern.compile("FOREIGN KEY \\(`((?:[^`]|``)+)`");

  /** A plain key on columns (not on an expression), its first column in group 1. */
  private static final Pattern PLAIN = Pattern.compile("^KEY `(?:[^`]|``)+` \\(`((?:[^`]|``)+)`");

  /** The ALTER TABLE that builds the keys taken out, on a connection to the database. */
  String alter() {
    List<String> adds = new ArrayList<>();
    for (String key : keys) adds.add("ADD " + key);
    return "ALTER TABLE " + table + " " + String.join(", ", adds);
  }

  /**
   * The statement without the keys to build later, or empty when there are none or the statement is
   * not a CREATE TABLE in the server's own form.
   */
  static Optional<DeferredKeys> split(String statement) {
    String text = statement.strip();
    if (text.endsWith(";")) text = text.substring(0, text.length() - 1).stripTrailing();
    String[] lines = text.split("\n", -1);
    if (lines.length < 3) return Optional.empty();
    Matcher head = HEAD.matcher(lines[0]);
    if (!head.matches()) return Optional.empty();
    String tail = lines[lines.length - 1];
    if (!tail.startsWith(")")
        || !tail.toUpperCase(Locale.ROOT).contains("ENGINE=INNODB")
        || tail.toUpperCase(Locale.ROOT).contains("PARTITION")) return Optional.empty();
    List<String> definitions = new ArrayList<>();
    for (int i = 1; i < lines.length - 1; i++) {
      String line = lines[i];
      if (!line.startsWith("  ") || line.startsWith("   ")) return Optional.empty();
      boolean last = i == lines.length - 2;
      if (last == line.endsWith(",")) return Optional.empty();
      definitions.add(last ? line.substring(2) : line.substring(2, line.length() - 1));
    }
    List<String> foreignFirstColumns = new ArrayList<>();
    for (String d : definitions) {
      Matcher fk = FOREIGN.matcher(d);
      if (fk.find()) foreignFirstColumns.add(fk.group(1));
    }
    int firstDeferred = definitions.size();
    for (int i = definitions.size() - 1; i >= 0; i--) {
      String d = definitions.get(i);
      Matcher plain = PLAIN.matcher(d);
      if (!plain.find()) {
        if (d.startsWith("KEY ")) break; // a plain key in a form not understood: it stays
        continue;
      }
      if (foreignFirstColumns.contains(plain.group(1))) break;
      firstDeferred = i;
    }
    // Only keys after every other plain key move; the kinds listed after plain keys (full-text,
    // spatial, constraints) are listed apart from them and stay where they are.
    List<String> kept = new ArrayList<>();
    List<String> deferred = new ArrayList<>();
    for (int i = 0; i < definitions.size(); i++) {
      String d = definitions.get(i);
      if (i >= firstDeferred && PLAIN.matcher(d).find()) deferred.add(d);
      else kept.add(d);
    }
    if (deferred.isEmpty()) return Optional.empty();
    StringBuilder create = new StringBuilder(lines[0]).append('\n');
    for (int i = 0; i < kept.size(); i++)
      create.append("  ").append(kept.get(i)).append(i < kept.size() - 1 ? ",\n" : "\n");
    create.append(tail);
    return Optional.of(new DeferredKeys(create.toString(), head.group(1), deferred));
  }
}

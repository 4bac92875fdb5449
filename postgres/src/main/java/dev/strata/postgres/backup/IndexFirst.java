package dev.strata.postgres.backup;

import dev.strata.postgres.sql.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements that only build an index (primary keys, unique and exclusion constraints, CREATE
 * INDEX). A backup writes those of a table right after that table's data, as pg_restore -j builds a
 * table's indexes as soon as its data is in, so a restore builds them while other tables still
 * load; the rest of post-data (foreign keys, triggers, comments) follows all data, in its order.
 */
final class IndexFirst {
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "(?is)^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
              + SqlNames.IDENTIFIER
              + "\\s+ON\\s+(ONLY\\s+)?"
              + SqlNames.QUALIFIED
              + "\\s.*");
  private static final Pattern ADD_KEY =
      Pattern.compile(
          "(?is)^ALTER\\s+TABLE\\s+(ONLY\\s+)?"
              + SqlNames.QUALIFIED
              + "\\s+ADD\\s+CONSTRAINT\\s.*");

  private IndexFirst() {}

  static boolean buildsIndex(String statement) {
    String s = statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (s.startsWith("CREATE INDEX") || s.startsWith("CREATE UNIQUE INDEX")) return true;
    return s.startsWith("ALTER TABLE")
        && (s.contains(" PRIMARY KEY") || s.matches(".* ADD CONSTRAINT \\S+ (UNIQUE|EXCLUDE)\\b.*"))
        && !s.contains(" FOREIGN KEY");
  }

  /**
   * Whether the statement takes only a SHARE lock on its table, so that several can run on one
   * table at once: a plain CREATE INDEX. ALTER TABLE … ADD CONSTRAINT takes ACCESS EXCLUSIVE, and
   * CREATE INDEX CONCURRENTLY a lock that conflicts with itself.
   */
  static boolean sharesTableLock(String statement) {
    String s = statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    return (s.startsWith("CREATE INDEX ") || s.startsWith("CREATE UNIQUE INDEX "))
        && !s.contains(" INDEX CONCURRENTLY ");
  }

  /**
   * The table an index-building statement builds on, normalized (see {@link #normalize}); empty for
   * other statements and for {@code CREATE INDEX … ON ONLY} a partitioned parent, which has no
   * data.
   */
  static Optional<String> indexedTable(String statement) {
    if (!buildsIndex(statement)) return Optional.empty();
    String s = statement.strip();
    Matcher m = CREATE_INDEX.matcher(s);
    if (m.matches())
      return m.group(1) != null ? Optional.empty() : Optional.of(normalize(m.group(2)));
    m = ADD_KEY.matcher(s);
    return m.matches() ? Optional.of(normalize(m.group(2))) : Optional.empty();
  }

  /**
   * {@code public.t}, {@code "public"."t"} and {@code "public".t} are one table: compare them
   * unquoted.
   */
  static String normalize(String qualified) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < qualified.length() && qualified.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          part.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == '.') {
        parts.add(part.toString());
        part.setLength(0);
        wasQuoted = false;
      } else {
        part.append(wasQuoted ? c : Character.toLowerCase(c));
      }
    }
    parts.add(part.toString());
    return String.join("\u0000", parts);
  }

  static List<String> order(List<String> postData) {
    List<String> indexes = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String s : postData) (buildsIndex(s) ? indexes : rest).add(s);
    indexes.addAll(rest);
    return indexes;
  }
}

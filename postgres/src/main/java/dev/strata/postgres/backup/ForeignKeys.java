package dev.strata.postgres.backup;

import dev.strata.postgres.sql.SqlNames;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Foreign keys whose check restore can defer. Adding a key {@code NOT VALID} takes an instant; its
 * {@code VALIDATE CONSTRAINT} then scans the table holding only SHARE UPDATE EXCLUSIVE on it and
 * ROW SHARE on the referenced one, locks that never deadlock with another validation, so every key
 * is checked in parallel. The catalog ends the same as after a plain {@code ADD CONSTRAINT}.
 */
final class ForeignKeys {
  private static final Pattern ADD_FOREIGN_KEY =
      Pattern.compile(
          "(?is)^ALTER\\s+TABLE\\s+(?:ONLY\\s+)?("
              + SqlNames.IDENTIFIER
              + "(?:\\."
              + SqlNames.IDENTIFIER
              + ")?)\\s+ADD\\s+CONSTRAINT\\s+("
              + SqlNames.IDENTIFIER
              + ")\\s+FOREIGN\\s+KEY\\s*\\((?:[^()\"]|\"(?:[^\"]|\"\")*\")*\\)\\s*REFERENCES\\s+"
              + SqlNames.QUALIFIED
              + ".*");

  private ForeignKeys() {}

  /**
   * A valid foreign key added in one statement: the table, the constraint's name and the table it
   * references.
   */
  record Deferred(String table, String constraint, String referenced) {
    String validate() {
      return "ALTER TABLE ONLY " + table + " VALIDATE CONSTRAINT " + constraint;
    }

    /** Both tables, as the restore scheduler names them: adding the key locks both. */
    List<String> tables() {
      return List.of(IndexFirst.normalize(table), IndexFirst.normalize(referenced));
    }
  }

  static Optional<Deferred> deferrable(String statement) {
    String s = statement.strip();
    if (s.toUpperCase(java.util.Locale.ROOT).endsWith("NOT VALID")) return Optional.empty();
    Matcher m = ADD_FOREIGN_KEY.matcher(s);
    return m.matches()
        ? Optional.of(new Deferred(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }
}

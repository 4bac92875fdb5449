package dev.strata.mysql.catalog;

/** The backtick-quoted names in the server's own {@code SHOW CREATE} text. */
final class Identifiers {
  private Identifiers() {}

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The first quoted name in {@code text}, unquoted. */
  static String first(String text) {
    int open = text.indexOf('`');
    if (open < 0) throw new IllegalArgumentException("No quoted name in: " + text);
    StringBuilder name = new StringBuilder();
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '`') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
          name.append('`');
          i += 2;
          continue;
        }
        return name.toString();
      }
      name.append(c);
      i++;
    }
    throw new IllegalArgumentException("Unterminated quoted name in: " + text);
  }

  /** The position just after the first quoted name in {@code text}. */
  static int skipFirst(String text) {
    int i = text.indexOf('`') + 1;
    while (i < text.length()) {
      if (text.charAt(i) == '`') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }
}

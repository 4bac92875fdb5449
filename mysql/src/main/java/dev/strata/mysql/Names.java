package dev.strata.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one statement that name things: bare words (upper-cased in {@link Token#word}),
 * quoted identifiers (as written inside the backticks) and punctuation; strings and comments are
 * left out. Enough to find the table a DDL statement changes.
 */
public final class Names {
  private Names() {}

  /**
   * @param text as written; {@code word} is upper-cased for a bare word, empty when quoted
   */
  public record Token(String text, String word) {
    public boolean is(String keyword) {
      return word.equals(keyword);
    }

    public boolean isName() {
      return !text.isEmpty()
          && (word.isEmpty() || Character.isLetter(text.charAt(0)) || text.charAt(0) == '_');
    }
  }

  public static List<Token> of(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-')) {
        while (i < n && sql.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        i = skipString(sql, i, c);
      } else if (c == '`') {
        StringBuilder name = new StringBuilder();
        i++;
        while (i < n) {
          if (sql.charAt(i) == '`') {
            if (i + 1 < n && sql.charAt(i + 1) == '`') {
              name.append('`');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          name.append(sql.charAt(i++));
        }
        tokens.add(new Token(name.toString(), ""));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int from = i;
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) i++;
        String text = sql.substring(from, i);
        tokens.add(new Token(text, text.toUpperCase(Locale.ROOT)));
      } else {
        tokens.add(new Token(String.valueOf(c), String.valueOf(c)));
        i++;
      }
    }
    return tokens;
  }

  private static int skipString(String sql, int i, char quote) {
    int n = sql.length();
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) i += 2;
        else return i + 1;
      } else {
        i++;
      }
    }
    return n;
  }
}

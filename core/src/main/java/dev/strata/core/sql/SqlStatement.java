package dev.strata.core.sql;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a migration script, as the dialect's lexer found it.
 *
 * @param text the statement exactly as written: from its first token (leading whitespace and
 *     comments skipped) up to, not including, the terminating semicolon (or the end of the script)
 * @param startOffset offset of {@code text} in the script, in chars
 * @param startLine 1-based line of the script on which {@code text} starts
 * @param words the statement's bare words (keywords and unquoted identifiers), upper-cased, in
 *     order; quoted identifiers, literals and comments are not words. Enough to classify a
 *     statement.
 * @param stringLiterals the decoded values of the statement's string literals, in order
 */
public record SqlStatement(
    String text, int startOffset, int startLine, List<String> words, List<String> stringLiterals) {

  public SqlStatement {
    Objects.requireNonNull(text, "text");
    words = List.copyOf(words);
    stringLiterals = List.copyOf(stringLiterals);
    if (startLine < 1) throw new IllegalArgumentException("startLine must be >= 1: " + startLine);
  }

  /** The 1-based script line of a 0-based char position inside {@link #text()}. */
  public int lineAt(int positionInText) {
    int line = startLine;
    int end = Math.min(positionInText, text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }

  /**
   * True if the statement's words start with the given words, e.g. {@code startsWith("CREATE",
   * "INDEX")}.
   */
  public boolean startsWith(String... leading) {
    if (words.size() < leading.length) return false;
    for (int i = 0; i < leading.length; i++) {
      if (!words.get(i).equals(leading[i])) return false;
    }
    return true;
  }
}

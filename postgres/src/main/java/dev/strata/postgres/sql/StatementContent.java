package dev.strata.postgres.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The bare words (upper-cased) and decoded string literal values of one statement's tokens, as
 * {@link dev.strata.core.sql.SqlStatement} carries them.
 *
 * <p>{@code U&'...' UESCAPE '!'}: the {@code UESCAPE} keyword stays a word, but its one-character
 * literal is part of the Unicode literal's syntax, not a value, so it is used to decode that
 * literal and is not listed itself. Bit strings ({@code B'..'}, {@code X'..'}) and dollar-quoted
 * bodies are not listed.
 */
record StatementContent(List<String> words, List<String> stringLiterals) {

  static StatementContent of(List<Token> tokens) {
    List<String> words = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    int skip = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.kind() == Token.Kind.WORD) {
        words.add(token.upperWord());
      } else if (token.kind() == Token.Kind.UNICODE_STRING) {
        int escapeAt = uescapeLiteralIndex(tokens, i);
        if (escapeAt >= 0) skip = escapeAt;
        literals.add(Literals.stringValue(token, unicodeEscape(tokens, escapeAt)));
      } else if (token.isTextString() && i != skip) {
        literals.add(Literals.stringValue(token));
      }
    }
    return new StatementContent(words, literals);
  }

  /**
   * The index of the {@code '!'} in {@code U&'...' UESCAPE '!'} after the token at {@code i}, or
   * -1.
   */
  static int uescapeLiteralIndex(List<Token> tokens, int i) {
    if (i + 2 < tokens.size()
        && tokens.get(i + 1).isWord("UESCAPE")
        && tokens.get(i + 2).kind() == Token.Kind.STRING) {
      return i + 2;
    }
    return -1;
  }

  static char unicodeEscape(List<Token> tokens, int escapeLiteralIndex) {
    if (escapeLiteralIndex < 0) return Literals.DEFAULT_UNICODE_ESCAPE;
    String value = Literals.stringValue(tokens.get(escapeLiteralIndex));
    return value.length() == 1 ? value.charAt(0) : Literals.DEFAULT_UNICODE_ESCAPE;
  }
}

package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-pass PostgreSQL lexer following psql's psqlscan.l (which copies the server's scan.l): it
 * finds where literals, quoted identifiers and comments begin and end, and cuts everything else
 * into words, numbers and single-character tokens. It skips whitespace and comments, and never
 * looks back, so a script is lexed in linear time.
 *
 * <p>Quirk kept on purpose: psql feeds its lexer one line at a time, so the SQL-standard
 * continuation of a string literal across a newline ({@code 'a'} newline {@code 'b'}) never happens
 * in psql's lexer; the second part is lexed as a new literal. We do the same.
 */
final class Lexer {
  private final String src;
  private final int length;
  private int pos;
  // Line numbers are counted lazily up to the last position asked for, so a script is scanned once.
  private int countedTo;
  private int countedLine = 1;

  Lexer(String src) {
    this.src = src;
    this.length = src.length();
    // A byte order mark (Windows editors write one) would be a letter to PostgreSQL and glue itself
    // to
    // the first word; psql sends it along and the server rejects it. Skip it, as whitespace.
    if (length > 0 && src.charAt(0) == '\uFEFF') pos = 1;
  }

  /** All tokens of a text; for re-reading one statement's text, which always lexes cleanly. */
  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    List<Token> tokens = new ArrayList<>();
    for (Token t = lexer.next(); t != null; t = lexer.next()) tokens.add(t);
    return tokens;
  }

  /**
   * The 1-based line of a char offset; lines end at {@code \n} (so {@code \r\n} files count right).
   * Counts from the offset asked for last, in either direction, so asking in script order costs one
   * pass in all.
   */
  int lineAt(int offset) {
    int line = countedLine;
    if (offset >= countedTo) {
      for (int i = countedTo; i < offset; i++) {
        if (src.charAt(i) == '\n') line++;
      }
    } else {
      for (int i = offset; i < countedTo; i++) {
        if (src.charAt(i) == '\n') line--;
      }
    }
    countedTo = offset;
    countedLine = line;
    return line;
  }

  /**
   * The next token, or null at the end of the text.
   *
   * @throws SqlSyntaxException for an unterminated literal, quoted identifier or block comment
   */
  Token next() {
    skipSpaceAndComments();
    if (pos >= length) return null;
    int start = pos;
    char c = src.charAt(pos);
    switch (c) {
      case '\'':
        return standardString(Token.Kind.STRING, start, start + 1);
      case '"':
        return quotedIdentifier(Token.Kind.QUOTED_IDENTIFIER, start, start + 1);
      case '$':
        return dollar(start);
      case '(':
        return single(Token.Kind.OPEN_PAREN);
      case ')':
        return single(Token.Kind.CLOSE_PAREN);
      case ';':
        return single(Token.Kind.SEMICOLON);
      case ',':
        return single(Token.Kind.COMMA);
      case '\\':
        return single(Token.Kind.BACKSLASH);
      case '.':
        if (pos + 1 < length && Chars.isDigit(src.charAt(pos + 1))) return number(start);
        return single(Token.Kind.DOT);
      default:
        if (Chars.isDigit(c)) return number(start);
        if (Chars.isIdentStart(c)) return wordOrPrefixedLiteral(start, c);
        // Operators need no splitting: "--" and "/*" start comments wherever they appear (psql cuts
        // an operator before them), and skipSpaceAndComments has already taken those.
        return single(Token.Kind.OPERATOR);
    }
  }

  private Token single(Token.Kind kind) {
    pos++;
    return new Token(kind, src, pos - 1, pos);
  }

  private void skipSpaceAndComments() {
    while (pos < length) {
      char c = src.charAt(pos);
      if (Chars.isSpace(c)) {
        pos++;
      } else if (c == '-' && pos + 1 < length && src.charAt(pos + 1) == '-') {
        pos += 2;
        while (pos < length && !Chars.isNewline(src.charAt(pos))) pos++;
      } else if (c == '/' && pos + 1 < length && src.charAt(pos + 1) == '*') {
        blockComment();
      } else {
        return;
      }
    }
  }

  /** PostgreSQL block comments nest, unlike C's: {@code /* a /* b *\/ c *\/} is one comment. */
  private void blockComment() {
    int start = pos;
    int depth = 1;
    pos += 2;
    while (pos + 1 < length) {
      char c = src.charAt(pos);
      char d = src.charAt(pos + 1);
      if (c == '*' && d == '/') {
        pos += 2;
        if (--depth == 0) return;
      } else if (c == '/' && d == '*') {
        depth++;
        pos += 2;
      } else {
        pos++;
      }
    }
    throw unterminated(start, "unterminated /* comment starting here");
  }

  private Token wordOrPrefixedLiteral(int start, char c) {
    char next = pos + 1 < length ? src.charAt(pos + 1) : '\0';
    if (next == '\'') {
      switch (c) {
        case 'e', 'E' -> {
          return escapeString(start);
        }
        case 'n', 'N' -> {
          return standardString(Token.Kind.NATIONAL_STRING, start, start + 2);
        }
        case 'b', 'B' -> {
          return bitString(
              Token.Kind.BIT_STRING, start, "unterminated bit string literal starting here");
        }
        case 'x', 'X' -> {
          return bitString(
              Token.Kind.HEX_STRING,
              start,
              "unterminated hexadecimal string literal starting here");
        }
        default -> {
          // an ordinary word; the quote starts a literal of its own
        }
      }
    } else if ((c == 'u' || c == 'U') && next == '&' && pos + 2 < length) {
      char quote = src.charAt(pos + 2);
      if (quote == '\'') return standardString(Token.Kind.UNICODE_STRING, start, start + 3);
      if (quote == '"') return quotedIdentifier(Token.Kind.UNICODE_IDENTIFIER, start, start + 3);
    }
    pos++;
    while (pos < length && Chars.isIdentChar(src.charAt(pos))) pos++;
    return new Token(Token.Kind.WORD, src, start, pos);
  }

  /**
   * {@code '...'}, {@code N'...'}, {@code U&'...'}: a quote is doubled, a backslash is just a
   * character.
   */
  private Token standardString(Token.Kind kind, int start, int contentStart) {
    int i = contentStart;
    while (true) {
      int quote = src.indexOf('\'', i);
      if (quote < 0) throw unterminated(start, "unterminated quoted string starting here");
      if (quote + 1 < length && src.charAt(quote + 1) == '\'') {
        i = quote + 2;
      } else {
        pos = quote + 1;
        return new Token(kind, src, start, pos);
      }
    }
  }

  /**
   * {@code E'...'}: a backslash escapes the next character, including a quote; a doubled quote too.
   */
  private Token escapeString(int start) {
    int i = start + 2;
    while (i < length) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < length && src.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          pos = i + 1;
          return new Token(Token.Kind.ESCAPE_STRING, src, start, pos);
        }
      } else {
        i++;
      }
    }
    throw unterminated(start, "unterminated quoted string starting here");
  }

  /**
   * {@code B'...'} and {@code X'...'} end at the first quote: scan.l has no doubled-quote rule for
   * them ({@code B'1''0'} is a bit string followed by a standard string, which ends in the same
   * place).
   */
  private Token bitString(Token.Kind kind, int start, String unterminatedMessage) {
    int quote = src.indexOf('\'', start + 2);
    if (quote < 0) throw unterminated(start, unterminatedMessage);
    pos = quote + 1;
    return new Token(kind, src, start, pos);
  }

  private Token quotedIdentifier(Token.Kind kind, int start, int contentStart) {
    int i = contentStart;
    while (true) {
      int quote = src.indexOf('"', i);
      if (quote < 0) throw unterminated(start, "unterminated quoted identifier starting here");
      if (quote + 1 < length && src.charAt(quote + 1) == '"') {
        i = quote + 2;
      } else {
        pos = quote + 1;
        return new Token(kind, src, start, pos);
      }
    }
  }

  /**
   * A {@code $} at the start of a token: {@code $$} or {@code $tag$} opens a dollar quote, {@code
   * $1} is a parameter, anything else is a lone {@code $} (psql's {@code dolqfailed}: {@code $abc}
   * without a closing {@code $} lexes as {@code $} then the word {@code abc}). A tag cannot start
   * with a digit or contain a {@code $}. Inside a word the {@code $} never gets here: {@code a$b$}
   * is one identifier.
   */
  private Token dollar(int start) {
    int i = start + 1;
    if (i < length && Chars.isDigit(src.charAt(i))) {
      while (i < length && Chars.isDigit(src.charAt(i))) i++;
      pos = i;
      return new Token(Token.Kind.PARAMETER, src, start, i);
    }
    if (i < length && Chars.isIdentStart(src.charAt(i))) {
      while (i < length && Chars.isTagChar(src.charAt(i))) i++;
    }
    if (i >= length || src.charAt(i) != '$') return single(Token.Kind.OPERATOR);
    String tag = src.substring(start, i + 1);
    // The body ends at the first occurrence of the same tag. A plain text search is exact: psql
    // tries
    // every '$' inside the body as a possible delimiter start, so none of them can hide an
    // occurrence.
    int close = src.indexOf(tag, i + 1);
    if (close < 0) {
      throw unterminated(start, "unterminated dollar-quoted string " + tag + " starting here");
    }
    pos = close + tag.length();
    return new Token(Token.Kind.DOLLAR_STRING, src, start, pos);
  }

  /**
   * {@code 12}, {@code 1.5}, {@code .5}, {@code 1.}, {@code 1e-3}. {@code 1..2} is 1 then {@code
   * ..}; an {@code e} that is not followed by an exponent is left for the next token (as psql's
   * realfail rules do, which is why {@code 1e'x'} is the number 1 then the escape string {@code
   * e'x'}).
   */
  private Token number(int start) {
    int i = start;
    while (i < length && Chars.isDigit(src.charAt(i))) i++;
    if (i < length && src.charAt(i) == '.' && !(i + 1 < length && src.charAt(i + 1) == '.')) {
      i++;
      while (i < length && Chars.isDigit(src.charAt(i))) i++;
    }
    if (i < length && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < length && (src.charAt(j) == '+' || src.charAt(j) == '-')) j++;
      if (j < length && Chars.isDigit(src.charAt(j))) {
        while (j < length && Chars.isDigit(src.charAt(j))) j++;
        i = j;
      }
    }
    pos = i;
    return new Token(Token.Kind.NUMBER, src, start, i);
  }

  private SqlSyntaxException unterminated(int start, String message) {
    return new SqlSyntaxException(lineAt(start), message);
  }
}

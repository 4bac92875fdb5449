package dev.strata.postgres.sql;

/**
 * PostgreSQL's lexical character classes (scan.l). The server lexes bytes; every byte of a
 * multi-byte character is {@code >= 0x80} and counts as a letter, so in Java every char {@code >=
 * 0x80} does too.
 */
final class Chars {
  private Chars() {}

  /**
   * {@code [ \t\n\r\f]}: note no vertical tab, and no Unicode spaces (U+00A0 is a letter to
   * PostgreSQL).
   */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  static boolean isNewline(char c) {
    return c == '\n' || c == '\r';
  }

  /** {@code ident_start}, also the first character of a dollar-quote tag. */
  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  /** {@code dolq_cont}: like an identifier character but without {@code $}. */
  static boolean isTagChar(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  /**
   * {@code ident_cont}: a {@code $} inside a word belongs to it ({@code a$b} is one identifier).
   */
  static boolean isIdentChar(char c) {
    return isTagChar(c) || c == '$';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static char asciiUpper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }

  static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  static String asciiLower(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) chars[i] = asciiLower(chars[i]);
    return new String(chars);
  }
}

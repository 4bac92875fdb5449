package dev.strata.postgres.sql;

/**
 * One lexical token of a PostgreSQL script: a slice {@code [start, end)} of {@code source}.
 * Comments and whitespace are not tokens.
 */
record Token(Kind kind, String source, int start, int end) {

  /**
   * What a token is; string kinds are told apart by their prefix because each decodes differently.
   */
  enum Kind {
    /** A keyword or unquoted identifier ({@code [A-Za-z_\x80-]} then also digits and {@code $}). */
    WORD,
    /** {@code "a ""b"""}. */
    QUOTED_IDENTIFIER,
    /** {@code U&"d\0061t\+000061"}. */
    UNICODE_IDENTIFIER,
    /** {@code 'it''s'}: backslashes are literal (standard_conforming_strings is on). */
    STRING,
    /** {@code E'it\'s'}. */
    ESCAPE_STRING,
    /** {@code N'...'}: a standard string typed as national character. */
    NATIONAL_STRING,
    /** {@code U&'d\0061t'}, possibly followed by {@code UESCAPE '!'} (separate tokens). */
    UNICODE_STRING,
    /** {@code B'0101'}. */
    BIT_STRING,
    /** {@code X'1F'}. */
    HEX_STRING,
    /** {@code $$...$$} or {@code $tag$...$tag$}. */
    DOLLAR_STRING,
    NUMBER,
    /** {@code $1}. */
    PARAMETER,
    OPEN_PAREN,
    CLOSE_PAREN,
    SEMICOLON,
    COMMA,
    DOT,
    /** Any other single character: operator characters, brackets, colons, a lone {@code $}. */
    OPERATOR,
    /** A backslash outside any literal: psql would start a meta-command here. */
    BACKSLASH
  }

  String text() {
    return source.substring(start, end);
  }

  int length() {
    return end - start;
  }

  char charAt(int indexInToken) {
    return source.charAt(start + indexInToken);
  }

  /**
   * True for a bare word equal to {@code upperCaseKeyword}, compared the way PostgreSQL folds:
   * ASCII only.
   */
  boolean isWord(String upperCaseKeyword) {
    if (kind != Kind.WORD || length() != upperCaseKeyword.length()) return false;
    for (int i = 0; i < upperCaseKeyword.length(); i++) {
      if (Chars.asciiUpper(source.charAt(start + i)) != upperCaseKeyword.charAt(i)) return false;
    }
    return true;
  }

  /**
   * The word upper-cased, ASCII letters only (PostgreSQL folds no other letters of unquoted names
   * in UTF-8).
   */
  String upperWord() {
    char[] chars = new char[length()];
    for (int i = 0; i < chars.length; i++) chars[i] = Chars.asciiUpper(source.charAt(start + i));
    return new String(chars);
  }

  /** True for the literals whose value is text: standard, escape, national and Unicode strings. */
  boolean isTextString() {
    return kind == Kind.STRING
        || kind == Kind.ESCAPE_STRING
        || kind == Kind.NATIONAL_STRING
        || kind == Kind.UNICODE_STRING;
  }

  boolean isIdentifier() {
    return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER || kind == Kind.UNICODE_IDENTIFIER;
  }

  /** For a dollar-quoted string, the body between the opening and closing tag. */
  String dollarBody() {
    int tagLength = source.indexOf('$', start + 1) - start + 1;
    return source.substring(start + tagLength, end - tagLength);
  }
}

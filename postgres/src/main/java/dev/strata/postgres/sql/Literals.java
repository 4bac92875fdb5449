package dev.strata.postgres.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes string literals and identifiers to the values the server sees. Lenient: input the server
 * would reject (a bad escape) decodes to something plausible instead of failing, since the server
 * will report it.
 */
final class Literals {
  private Literals() {}

  /** The default escape character of {@code U&} literals, replaced by a {@code UESCAPE} clause. */
  static final char DEFAULT_UNICODE_ESCAPE = '\\';

  /**
   * The value of a text string token ({@link Token#isTextString()}); Unicode escapes use {@code \}.
   */
  static String stringValue(Token token) {
    return stringValue(token, DEFAULT_UNICODE_ESCAPE);
  }

  static String stringValue(Token token, char unicodeEscape) {
    String src = token.source();
    int end = token.end() - 1;
    return switch (token.kind()) {
      case STRING -> undouble(src, token.start() + 1, end, '\'');
      case NATIONAL_STRING -> undouble(src, token.start() + 2, end, '\'');
      case ESCAPE_STRING -> escapeStringValue(src, token.start() + 2, end);
      case UNICODE_STRING ->
          unicodeEscapes(undouble(src, token.start() + 3, end, '\''), unicodeEscape);
      default -> throw new IllegalArgumentException("not a text string: " + token.kind());
    };
  }

  /**
   * The name an identifier token stands for: a bare word folded to lower case (ASCII only, as
   * PostgreSQL does in UTF-8), a quoted identifier as written with doubled quotes undone.
   */
  static String identifierName(Token token, char unicodeEscape) {
    String src = token.source();
    return switch (token.kind()) {
      case WORD -> Chars.asciiLower(token.text());
      case QUOTED_IDENTIFIER -> undouble(src, token.start() + 1, token.end() - 1, '"');
      case UNICODE_IDENTIFIER ->
          unicodeEscapes(undouble(src, token.start() + 3, token.end() - 1, '"'), unicodeEscape);
      default -> throw new IllegalArgumentException("not an identifier: " + token.kind());
    };
  }

  private static String undouble(String src, int from, int to, char quote) {
    int first = src.indexOf(quote, from);
    if (first < 0 || first >= to) return src.substring(from, to);
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = src.charAt(i);
      out.append(c);
      if (c == quote) i++; // the doubled quote's second half
    }
    return out.toString();
  }

  /**
   * {@code E'...'} escapes as scan.l applies them: {@code \b \f \n \r \t}, octal {@code \ooo} and
   * hex {@code \xhh} bytes (several in a row may form one UTF-8 character), {@code \\uXXXX} and
   * {@code \\UXXXXXXXX}; any other escaped character stands for itself ({@code \'}, {@code \\},
   * {@code \v} is just {@code v}).
   */
  private static String escapeStringValue(String src, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    ByteArrayOutputStream bytes = null;
    int i = from;
    while (i < to) {
      char c = src.charAt(i);
      if (c == '\'') { // a doubled quote
        flush(bytes, out);
        out.append('\'');
        i += 2;
        continue;
      }
      if (c != '\\' || i + 1 >= to) {
        flush(bytes, out);
        out.append(c);
        i++;
        continue;
      }
      char e = src.charAt(i + 1);
      if (e >= '0' && e <= '7') {
        int value = 0;
        int j = i + 1;
        while (j < to && j < i + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
          value = value * 8 + (src.charAt(j) - '0');
          j++;
        }
        bytes = appendByte(bytes, out, value & 0xFF);
        i = j;
      } else if (e == 'x' && i + 2 < to && Chars.hexValue(src.charAt(i + 2)) >= 0) {
        int value = Chars.hexValue(src.charAt(i + 2));
        int j = i + 3;
        if (j < to && Chars.hexValue(src.charAt(j)) >= 0)
          value = value * 16 + Chars.hexValue(src.charAt(j++));
        bytes = appendByte(bytes, out, value);
        i = j;
      } else if ((e == 'u' && hexDigits(src, i + 2, to, 4))
          || (e == 'U' && hexDigits(src, i + 2, to, 8))) {
        int digits = e == 'u' ? 4 : 8;
        flush(bytes, out);
        appendCodePoint(out, Integer.parseUnsignedInt(src.substring(i + 2, i + 2 + digits), 16));
        i += 2 + digits;
      } else {
        flush(bytes, out);
        out.append(
            switch (e) {
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              default -> e;
            });
        i += 2;
      }
    }
    flush(bytes, out);
    return out.toString();
  }

  /**
   * Bytes below 0x80 are characters; higher ones collect until a non-byte escape, then decode as
   * UTF-8.
   */
  private static ByteArrayOutputStream appendByte(
      ByteArrayOutputStream bytes, StringBuilder out, int b) {
    if (b < 0x80 && (bytes == null || bytes.size() == 0)) {
      out.append((char) b);
      return bytes;
    }
    ByteArrayOutputStream buffer = bytes == null ? new ByteArrayOutputStream() : bytes;
    buffer.write(b);
    return buffer;
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes != null && bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  /**
   * {@code U&} escapes applied after the quotes are undone: {@code \XXXX}, {@code \+XXXXXX}, and
   * the escape character doubled for itself (with {@code \} replaced by the {@code UESCAPE}
   * character).
   */
  static String unicodeEscapes(String s, char escape) {
    if (s.indexOf(escape) < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != escape || i + 1 >= s.length()) {
        out.append(c);
        i++;
      } else if (s.charAt(i + 1) == escape) {
        out.append(escape);
        i += 2;
      } else if (s.charAt(i + 1) == '+' && hexDigits(s, i + 2, s.length(), 6)) {
        appendCodePoint(out, Integer.parseInt(s.substring(i + 2, i + 8), 16));
        i += 8;
      } else if (hexDigits(s, i + 1, s.length(), 4)) {
        appendCodePoint(out, Integer.parseInt(s.substring(i + 1, i + 5), 16));
        i += 5;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean hexDigits(String s, int from, int to, int count) {
    if (from + count > to) return false;
    for (int i = from; i < from + count; i++) {
      if (Chars.hexValue(s.charAt(i)) < 0) return false;
    }
    return true;
  }

  /**
   * Surrogate halves written as two escapes ({@code \uD83D\uDE00}) join up as Java chars by
   * themselves.
   */
  private static void appendCodePoint(StringBuilder out, int codePoint) {
    if (Character.isValidCodePoint(codePoint)) {
      out.appendCodePoint(codePoint);
    } else {
      out.append('\uFFFD');
    }
  }
}

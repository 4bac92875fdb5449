package dev.strata.postgres.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Flattens {@code ((a AND b) AND c)} to {@code (a AND b AND c)} (and the same for OR) in SQL text
 * that PostgreSQL deparsed.
 *
 * <p>Why: deparsing is not idempotent. {@code a BETWEEN 1 AND 5 AND b} (or a row comparison) is
 * stored as an AND nested in an AND, which pg_get_constraintdef, pg_get_viewdef, pg_get_expr and
 * friends print with their parentheses; parsing that text again merges the nested AND into the
 * outer one. A restored database would then print differently from the original one (so would
 * pg_dump's output), and the schema fingerprint would change across a backup and restore. Writing
 * the flattened form makes the original's dump equal the restored database's; both mean the same.
 *
 * <p>The deparser puts every AND and OR list in parentheses, never mixes AND and OR in one list,
 * and separates the items with {@code " AND "} / {@code " OR "}. A parenthesized list is merged
 * into the enclosing list of the same operator only when it is a whole item of it. String literals,
 * quoted identifiers, dollar-quoted bodies and comments are copied as they are. Text that does not
 * parse (unbalanced parentheses) is returned unchanged.
 */
final class NestedBooleans {
  private NestedBooleans() {}

  static String flatten(String sql) {
    if (!mayNest(sql)) return sql; // nothing nested: the common case, without parsing
    Parser parser = new Parser(sql);
    Group root = parser.group(false);
    if (root == null || parser.pos != sql.length()) return sql;
    StringBuilder out = new StringBuilder(sql.length());
    root.write(out);
    return out.toString();
  }

  /**
   * Whether {@code sql} holds {@code " AND ("}, {@code " OR ("} or {@code "(("}, in one pass over
   * its parentheses: every statement of a schema goes through here.
   */
  private static boolean mayNest(String sql) {
    for (int i = sql.indexOf('('); i >= 0; i = sql.indexOf('(', i + 1)) {
      if (sql.startsWith(" AND ", i - 5) || sql.startsWith(" OR ", i - 4)) return true;
      if (i > 0 && sql.charAt(i - 1) == '(') return true;
    }
    return false;
  }

  /** A piece of text: plain SQL, an opaque token (literal, quoted name, comment) or a group. */
  private sealed interface Piece permits Plain, Opaque, Group {
    void write(StringBuilder out);
  }

  private record Plain(String text) implements Piece {
    public void write(StringBuilder out) {
      out.append(text);
    }
  }

  private record Opaque(String text) implements Piece {
    public void write(StringBuilder out) {
      out.append(text);
    }
  }

  /** A parenthesized group (or the whole text); its pieces are flattened when it is built. */
  private static final class Group implements Piece {
    private final boolean parenthesized;
    private List<Piece> pieces;
    private String operator; // " AND " or " OR " when the group is such a list, else null

    Group(boolean parenthesized, List<Piece> pieces) {
      this.parenthesized = parenthesized;
      this.pieces = pieces;
      this.operator = listOperator(pieces);
      if (operator != null) this.pieces = mergeNested(pieces, operator);
    }

    public void write(StringBuilder out) {
      if (parenthesized) out.append('(');
      for (Piece p : pieces) p.write(out);
      if (parenthesized) out.append(')');
    }
  }

  /** " AND " or " OR " if the top level of {@code pieces} is a list of that operator only. */
  private static String listOperator(List<Piece> pieces) {
    boolean and = false;
    boolean or = false;
    for (Piece p : pieces) {
      if (!(p instanceof Plain plain)) continue;
      if (plain.text().contains(",")) return null; // an argument list, not a boolean list
      and |= plain.text().contains(" AND ");
      or |= plain.text().contains(" OR ");
    }
    if (and == or) return null;
    return and ? " AND " : " OR ";
  }

  /** Replaces each item that is exactly a parenthesized list of the same operator by its items. */
  private static List<Piece> mergeNested(List<Piece> pieces, String operator) {
    List<List<Piece>> items = new ArrayList<>();
    List<Piece> current = new ArrayList<>();
    for (Piece p : pieces) {
      if (p instanceof Plain plain && plain.text().contains(operator)) {
        String[] parts = plain.text().split(operator, -1);
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            items.add(current);
            current = new ArrayList<>();
          }
          if (!parts[i].isEmpty()) current.add(new Plain(parts[i]));
        }
      } else {
        current.add(p);
      }
    }
    items.add(current);
    boolean merged = false;
    List<Piece> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) out.add(new Plain(operator));
      List<Piece> item = items.get(i);
      if (item.size() == 1
          && item.get(0) instanceof Group g
          && g.parenthesized
          && operator.equals(g.operator)) {
        out.addAll(g.pieces);
        merged = true;
      } else {
        out.addAll(item);
      }
    }
    return merged ? out : pieces;
  }

  /** Splits text into groups and opaque tokens. */
  private static final class Parser {
    private final String sql;
    private int pos;

    Parser(String sql) {
      this.sql = sql;
    }

    /** The pieces up to the closing parenthesis (consumed) or the end; null if unbalanced. */
    Group group(boolean parenthesized) {
      List<Piece> pieces = new ArrayList<>();
      StringBuilder plain = new StringBuilder();
      while (pos < sql.length()) {
        char c = sql.charAt(pos);
        int end = opaqueEnd();
        if (end > pos) {
          flush(plain, pieces);
          pieces.add(new Opaque(sql.substring(pos, end)));
          pos = end;
        } else if (c == '(') {
          flush(plain, pieces);
          pos++;
          Group inner = group(true);
          if (inner == null) return null;
          pieces.add(inner);
        } else if (c == ')') {
          if (!parenthesized) return null;
          pos++;
          flush(plain, pieces);
          return new Group(true, pieces);
        } else {
          plain.append(c);
          pos++;
        }
      }
      if (parenthesized) return null;
      flush(plain, pieces);
      return new Group(false, pieces);
    }

    private static void flush(StringBuilder plain, List<Piece> pieces) {
      if (plain.length() > 0) pieces.add(new Plain(plain.toString()));
      plain.setLength(0);
    }

    /** The end of a literal, quoted identifier, dollar-quoted string or comment at pos, or pos. */
    private int opaqueEnd() {
      char c = sql.charAt(pos);
      if (c == '\'') {
        // E'...' (and only E alone, not a word ending in e) keeps backslash escapes.
        boolean escapes =
            pos > 0
                && (sql.charAt(pos - 1) == 'E' || sql.charAt(pos - 1) == 'e')
                && (pos < 2 || !identifierChar(sql.charAt(pos - 2)));
        return quoted(pos + 1, '\'', escapes);
      }
      if (c == '"') return quoted(pos + 1, '"', false);
      if (c == '-' && sql.startsWith("--", pos)) {
        int nl = sql.indexOf('\n', pos);
        return nl < 0 ? sql.length() : nl;
      }
      // $tag$ opens a dollar quote only where a token starts: a$b$ is an identifier.
      if (c == '$' && (pos == 0 || !identifierChar(sql.charAt(pos - 1)))) {
        int tagEnd = pos + 1;
        while (tagEnd < sql.length()
            && (Character.isLetter(sql.charAt(tagEnd))
                || sql.charAt(tagEnd) == '_'
                || (tagEnd > pos + 1 && Character.isDigit(sql.charAt(tagEnd))))) tagEnd++;
        if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
          String tag = sql.substring(pos, tagEnd + 1);
          int close = sql.indexOf(tag, tagEnd + 1);
          return close < 0 ? sql.length() : close + tag.length();
        }
      }
      return pos;
    }

    private static boolean identifierChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private int quoted(int from, char quote, boolean backslashEscapes) {
      int i = from;
      while (i < sql.length()) {
        char c = sql.charAt(i);
        if (backslashEscapes && c == '\\') {
          i += 2;
        } else if (c == quote) {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) i += 2;
          else return i + 1;
        } else {
          i++;
        }
      }
      return sql.length();
    }
  }
}

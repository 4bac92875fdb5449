package dev.strata.mysql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Splits a script as the {@code mysql}/{@code mariadb} client does, and as Flyway and Prisma's
 * MySQL users write them: {@code ;} ends a statement outside quotes ({@code '…'} and {@code "…"}
 * with backslash escapes, {@code `…`}) and comments ({@code -- }, {@code #}, {@code /* *}{@code
 * /}); a {@code DELIMITER xx} line changes the terminator (the client's command, never sent); the
 * body of a stored routine, trigger or event ({@code BEGIN … END}, {@code CASE … END CASE}) is one
 * statement even with semicolons inside and no DELIMITER, as the server itself parses it; the
 * contents of an executable comment ({@code /*!50001 … *}{@code /}) are read as SQL, as the server
 * runs them.
 */
public final class MysqlSplitter implements StatementSplitter {

  @Override
  public List<SqlStatement> split(String script) {
    List<SqlStatement> statements = new ArrayList<>();
    split(script, statements::add);
    return statements;
  }

  /** Hands each statement to {@code each} as it is found. */
  public void split(String script, Consumer<SqlStatement> each) {
    new Scan(script, each, ";", false).run();
  }

  /**
   * For a script read piece by piece: hands over only the statements that end with {@code
   * delimiter} and returns where the unfinished rest begins (an open quote, comment or body, or
   * text without its delimiter yet), to be read again with the next piece. DELIMITER lines are the
   * reader's to handle.
   */
  public int splitComplete(String text, String delimiter, Consumer<SqlStatement> each) {
    Scan scan = new Scan(text, each, delimiter, true);
    scan.run();
    return scan.rest;
  }

  /** Words after which END closes a block this splitter did not count ({@code END IF}). */
  private static final Set<String> UNCOUNTED_BLOCKS = Set.of("IF", "LOOP", "WHILE", "REPEAT");

  /** The stored programs whose body may hold semicolons. */
  private static final Set<String> PROGRAMS =
      Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "PACKAGE");

  /** Objects that are not programs: {@code CREATE TABLE f (function int)} is no routine. */
  private static final Set<String> NOT_PROGRAMS =
      Set.of("TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA", "USER", "ROLE", "SEQUENCE", "SERVER");

  private static final class Scan {
    private final String s;
    private final Consumer<SqlStatement> each;
    private final int n;
    private int pos;
    private int line = 1;
    private String delimiter;
    private int start = -1;
    private int startLine;
    private int lastTokenEnd;
    private final List<String> words = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();
    private boolean program;
    private int depth;
    private boolean closingCase;
    private int executableComments;

    /** Only terminated statements are handed over; the rest's offset is kept in {@link #rest}. */
    private final boolean partial;

    private int rest;

    Scan(String script, Consumer<SqlStatement> each, String delimiter, boolean partial) {
      this.s = script;
      this.each = each;
      this.n = script.length();
      this.delimiter = delimiter;
      this.partial = partial;
      this.rest = script.length();
    }

    void run() {
      if (!partial) {
        scan();
        return;
      }
      try {
        scan();
      } catch (SqlSyntaxException unfinished) {
        // An open quote or comment: it may close in the next piece.
        rest = start >= 0 ? start : unfinishedFrom;
        return;
      }
    }

    private int unfinishedFrom;

    private void scan() {
      while (pos < n) {
        if (start < 0) unfinishedFrom = pos;
        if (start < 0) {
          skipSpaceAndComments();
          if (pos >= n) break;
          if (atDelimiterCommand()) continue;
          begin();
          continue;
        }
        // A DELIMITER of the user's own ends a statement wherever it stands.
        if ((depth == 0 || !delimiter.equals(";")) && s.startsWith(delimiter, pos)) {
          emit();
          pos += delimiter.length();
          continue;
        }
        char c = s.charAt(pos);
        if (c == '\n') {
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else if (comment()) {
          // skipped
        } else if (c == '*' && executableComments > 0 && at(pos + 1, '/')) {
          executableComments--;
          pos += 2;
          lastTokenEnd = pos;
        } else if (c == '\'' || c == '"') {
          literals.add(quoted(c));
          lastTokenEnd = pos;
        } else if (c == '`') {
          quoted('`');
          lastTokenEnd = pos;
        } else if (Character.isDigit(c)) {
          while (pos < n && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'))
            pos++;
          lastTokenEnd = pos;
        } else if (Character.isLetter(c) || c == '_' || c == '$') {
          word();
        } else {
          pos++;
          lastTokenEnd = pos;
        }
      }
      if (start >= 0) {
        if (partial) rest = start;
        else emit();
      }
    }

    private void begin() {
      start = pos;
      startLine = line;
      lastTokenEnd = pos;
      words.clear();
      literals.clear();
      program = false;
      depth = 0;
      closingCase = false;
    }

    private void emit() {
      String text = s.substring(start, Math.max(start, lastTokenEnd)).stripTrailing();
      if (!text.isEmpty()) each.accept(new SqlStatement(text, start, startLine, words, literals));
      start = -1;
      executableComments = 0;
    }

    /** A {@code DELIMITER xx} line where a statement would start: read, never sent. */
    private boolean atDelimiterCommand() {
      if (!s.regionMatches(true, pos, "DELIMITER", 0, 9)) return false;
      if (pos + 9 < n && !Character.isWhitespace(s.charAt(pos + 9))) return false;
      int end = s.indexOf('\n', pos);
      if (end < 0) end = n;
      String rest = s.substring(pos + 9, end).strip();
      int space = rest.indexOf(' ');
      String next = space < 0 ? rest : rest.substring(0, space);
      if (next.isEmpty()) throw new SqlSyntaxException(line, "DELIMITER needs a delimiter");
      delimiter = next;
      pos = end;
      return true;
    }

    private void word() {
      int from = pos;
      while (pos < n) {
        char c = s.charAt(pos);
        if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) break;
        if (c == '$' && s.startsWith(delimiter, pos)) break; // END$$
        pos++;
      }
      lastTokenEnd = pos;
      String w = s.substring(from, pos).toUpperCase(Locale.ROOT);
      words.add(w);
      track(w);
    }

    /** Keeps the depth of BEGIN/CASE … END inside a stored program's body. */
    private void track(String w) {
      int count = words.size();
      if (count == 3
          && words.get(0).equals("BEGIN")
          && words.get(1).equals("NOT")
          && w.equals("ATOMIC")) {
        // MariaDB's anonymous compound statement: BEGIN NOT ATOMIC … END.
        program = true;
        depth = 1;
        return;
      }
      if (!program) {
        if (words.get(0).equals("CREATE") && count <= 12 && PROGRAMS.contains(w)) {
          for (String earlier : words.subList(0, count - 1))
            if (NOT_PROGRAMS.contains(earlier)) return;
          program = true;
        }
        return;
      }
      if (closingCase) {
        closingCase = false; // the CASE of END CASE closes, it does not open
        if (w.equals("CASE")) return;
      }
      switch (w) {
        case "BEGIN", "CASE" -> depth++;
        case "END" -> {
          String next = peekWord();
          if (!UNCOUNTED_BLOCKS.contains(next) && depth > 0) depth--;
          closingCase = next.equals("CASE");
        }
        default -> {}
      }
    }

    /** The next bare word, upper-cased, without moving; empty if none follows directly. */
    private String peekWord() {
      int p = pos;
      while (p < n && Character.isWhitespace(s.charAt(p))) p++;
      int from = p;
      while (p < n && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) p++;
      return s.substring(from, p).toUpperCase(Locale.ROOT);
    }

    private void skipSpaceAndComments() {
      while (pos < n) {
        char c = s.charAt(pos);
        if (c == '\n') {
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else if (!comment()) {
          return;
        }
      }
    }

    /** Skips a comment at {@code pos}, if one starts there; an executable comment is opened. */
    private boolean comment() {
      char c = s.charAt(pos);
      if (c == '#'
          || (c == '-' && at(pos + 1, '-') && (pos + 2 >= n || s.charAt(pos + 2) <= ' '))) {
        while (pos < n && s.charAt(pos) != '\n') pos++;
        return true;
      }
      if (c == '/' && at(pos + 1, '*')) {
        if ((at(pos + 2, '!') || (at(pos + 2, 'M') && at(pos + 3, '!'))) && !neverRun()) {
          if (start < 0) return false; // it starts a statement: read it as one
          pos += at(pos + 2, '!') ? 3 : 4;
          while (pos < n && Character.isDigit(s.charAt(pos))) pos++;
          executableComments++;
          return true;
        }
        int end = s.indexOf("*/", pos + 2);
        if (end < 0) throw new SqlSyntaxException(line, "unterminated /* comment");
        for (int i = pos; i < end; i++) if (s.charAt(i) == '\n') line++;
        pos = end + 2;
        return true;
      }
      return false;
    }

    /**
     * An executable comment for a server version no server has ({@code /*M!999999\- enable the
     * sandbox mode *}{@code /}, which mariadb-dump writes first): the server skips it, so do we.
     */
    private boolean neverRun() {
      int p = pos + (at(pos + 2, '!') ? 3 : 4);
      int from = p;
      while (p < n && Character.isDigit(s.charAt(p))) p++;
      return p - from >= 6 && Long.parseLong(s.substring(from, Math.min(p, from + 9))) >= 999999;
    }

    /** Reads a quoted string or identifier; returns its decoded value. */
    private String quoted(char quote) {
      int openLine = line;
      StringBuilder value = new StringBuilder();
      pos++;
      while (pos < n) {
        char c = s.charAt(pos);
        if (c == '\n') line++;
        if (c == '\\' && quote != '`' && pos + 1 < n) {
          char next = s.charAt(pos + 1);
          if (next == '\n') line++;
          value.append(unescape(next));
          pos += 2;
          continue;
        }
        if (c == quote) {
          if (at(pos + 1, quote)) {
            value.append(quote);
            pos += 2;
            continue;
          }
          pos++;
          return value.toString();
        }
        value.append(c);
        pos++;
      }
      throw new SqlSyntaxException(
          openLine,
          "unterminated " + (quote == '`' ? "quoted identifier" : "string") + " (it opens here)");
    }

    private static char unescape(char c) {
      return switch (c) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case '0' -> '\0';
        case 'b' -> '\b';
        case 'Z' -> (char) 26;
        default -> c;
      };
    }

    private boolean at(int index, char c) {
      return index < n && s.charAt(index) == c;
    }
  }
}

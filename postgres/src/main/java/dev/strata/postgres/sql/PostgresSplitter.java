package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements exactly where psql would send them to the server: at a
 * semicolon outside literals, comments and parentheses, and outside a SQL-standard function body
 * ({@code BEGIN ATOMIC ... END}). Unlike psql it refuses psql's own backslash commands, and scripts
 * whose rest psql would glue into one statement (an unclosed parenthesis or {@code BEGIN}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PostgresSplitter implements StatementSplitter {

  @Override
  public List<SqlStatement> split(String script) {
    List<SqlStatement> statements = new ArrayList<>();
    split(script, statements::add);
    return statements;
  }

  /**
   * Hands each statement to {@code each} as soon as it is found, so a very large script is split
   * without holding all its statements at once.
   */
  public void split(String script, java.util.function.Consumer<SqlStatement> each) {
    Lexer lexer = new Lexer(script);
    List<Token> tokens = new ArrayList<>();
    AtomicBodyTracker body = new AtomicBodyTracker();
    int parenDepth = 0;
    int outerParenLine = 0;
    int startLine = 0;
    for (Token token = lexer.next(); token != null; token = lexer.next()) {
      // Lines are counted as the lexer goes, so they are looked up in script order only.
      if (tokens.isEmpty()) startLine = lexer.lineAt(token.start());
      switch (token.kind()) {
        case BACKSLASH -> throw metaCommand(script, token, lexer.lineAt(token.start()));
        case OPEN_PAREN -> {
          if (parenDepth++ == 0) outerParenLine = lexer.lineAt(token.start());
        }
        case CLOSE_PAREN -> {
          // psql ignores a ')' without a '(' rather than going negative; so do we.
          if (parenDepth > 0) parenDepth--;
        }
        case WORD -> body.word(token, parenDepth, lexer);
        case SEMICOLON -> {
          if (parenDepth == 0 && !body.inside()) {
            addStatement(each, tokens, token.start(), startLine);
            tokens.clear();
            body = new AtomicBodyTracker();
            continue;
          }
        }
        default -> {
          // literals, numbers and operators do not affect where the statement ends
        }
      }
      tokens.add(token);
    }
    if (parenDepth > 0) {
      throw new SqlSyntaxException(
          outerParenLine,
          "unclosed parenthesis starting here: psql would send the rest of the script as part of this statement");
    }
    if (body.inside()) {
      throw new SqlSyntaxException(
          body.outerBeginLine(),
          "BEGIN in this CREATE FUNCTION/PROCEDURE has no matching END: psql would send the rest of the"
              + " script as part of this statement (if BEGIN is a name here, double-quote it)");
    }
    addStatement(each, tokens, script.length(), startLine);
  }

  private static void addStatement(
      java.util.function.Consumer<SqlStatement> each, List<Token> tokens, int end, int line) {
    if (tokens.isEmpty()) return; // an empty statement (";;") or only comments
    String src = tokens.get(0).source();
    int start = tokens.get(0).start();
    int trimmedEnd = end;
    while (trimmedEnd > start && Chars.isSpace(src.charAt(trimmedEnd - 1))) trimmedEnd--;
    StatementContent content = StatementContent.of(tokens);
    rejectCopyFromStdin(content.words(), line);
    each.accept(
        new SqlStatement(
            src.substring(start, trimmedEnd),
            start,
            line,
            content.words(),
            content.stringLiterals()));
  }

  /**
   * psql reads the rows of {@code COPY ... FROM STDIN} from the lines after the statement, up to
   * {@code \.}. Those lines are data, not SQL, so say so here instead of failing later on a quote
   * or the {@code \.}.
   */
  private static void rejectCopyFromStdin(List<String> words, int line) {
    if (words.isEmpty() || !words.get(0).equals("COPY")) return;
    for (int i = 1; i + 1 < words.size(); i++) {
      if (words.get(i).equals("FROM") && words.get(i + 1).equals("STDIN")) {
        throw new SqlSyntaxException(
            line,
            "COPY ... FROM STDIN reads its rows from psql's input, which Strata does not provide;"
                + " use INSERT statements, or COPY from a file the server can read");
      }
    }
  }

  private static SqlSyntaxException metaCommand(String script, Token backslash, int line) {
    int end = backslash.end();
    // psql's command name runs to the next whitespace or backslash; "\\" alone is also a command.
    if (end < script.length() && script.charAt(end) == '\\') {
      end++;
    } else {
      while (end < script.length()
          && end - backslash.start() < 40
          && !Chars.isSpace(script.charAt(end))
          && script.charAt(end) != '\\') {
        end++;
      }
    }
    String command = script.substring(backslash.start(), end);
    return new SqlSyntaxException(
        line,
        "psql meta-command "
            + command
            + " is not SQL; Strata runs plain SQL — remove it or move it to a separate script");
  }

  /**
   * psql's heuristic (psqlscan.l, PostgreSQL 14+) for SQL-standard function bodies: once the
   * statement's first words are {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, every bare {@code
   * BEGIN} outside parentheses opens a block, a {@code CASE} inside a block opens one too, and
   * {@code END} closes one; semicolons inside a block do not end the statement. A {@code BEGIN} is
   * not checked for {@code ATOMIC}: psql doesn't either, so {@code CREATE FUNCTION begin() ...}
   * swallows the rest of the script in psql (we report it instead). Outside such a statement {@code
   * BEGIN;} and {@code END;} are ordinary statements.
   */
  private static final class AtomicBodyTracker {
    // The first letters of the statement's first four words when those are CREATE, OR, REPLACE,
    // FUNCTION or PROCEDURE (0 otherwise), like psql's identifiers[] array.
    private final char[] leading = new char[4];
    private int wordCount;
    private int depth;
    private int outerBeginLine;

    void word(Token word, int parenDepth, Lexer lexer) {
      if (wordCount < leading.length) leading[wordCount] = leadingLetter(word);
      wordCount++;
      if (parenDepth != 0 || !createsRoutine()) return;
      if (word.isWord("BEGIN")) {
        if (depth++ == 0) outerBeginLine = lexer.lineAt(word.start());
      } else if (word.isWord("CASE")) {
        if (depth >= 1) depth++; // CASE also ends with END, but only matters inside a body
      } else if (word.isWord("END")) {
        if (depth > 0) depth--;
      }
    }

    boolean inside() {
      return depth > 0;
    }

    int outerBeginLine() {
      return outerBeginLine;
    }

    private boolean createsRoutine() {
      if (leading[0] != 'c') return false;
      if (leading[1] == 'f' || leading[1] == 'p') return true;
      return leading[1] == 'o' && leading[2] == 'r' && (leading[3] == 'f' || leading[3] == 'p');
    }

    private static char leadingLetter(Token word) {
      if (word.isWord("CREATE")) return 'c';
      if (word.isWord("OR")) return 'o';
      if (word.isWord("REPLACE")) return 'r';
      if (word.isWord("FUNCTION")) return 'f';
      if (word.isWord("PROCEDURE")) return 'p';
      return 0;
    }
  }
}

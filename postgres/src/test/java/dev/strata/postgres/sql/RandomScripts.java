package dev.strata.postgres.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random PostgreSQL scripts built from fragments of every lexical form, together with the
 * statements a correct splitter must find in them: their exact text, offset, line, words and string
 * literal values. Fragments are separated by whitespace or comments (or nothing, next to
 * punctuation), so each fragment lexes as generated.
 */
final class RandomScripts {

  /** A statement the splitter must return. */
  record Expected(
      String text, int startOffset, int startLine, List<String> words, List<String> literals) {}

  record Script(String text, List<Expected> statements) {}

  private static final String[] LEADING_WORDS = {
    "SELECT", "insert", "Update", "delete", "VALUES", "with", "alter", "drop", "Create", "grant",
    "begin", "END", "commit", "explain", "do", "e", "x", "U", "n"
  };
  // No FUNCTION/PROCEDURE/OR/REPLACE (they would make a statement starting with CREATE a routine),
  // and
  // no UESCAPE (it would turn a preceding U& literal's next string into its escape character).
  private static final String[] WORDS = {
    "select", "FROM", "where", "t", "Col_1", "a$b", "x$$", "été", "straße", "_", "e", "E", "x", "X",
    "u", "U", "n", "N", "b", "B", "atomic", "begin", "END", "case", "When"
  };
  private static final String[] ROUTINE_WORDS = {
    "select", "FROM", "where", "t", "Col_1", "a$b", "x$$", "été", "_", "e", "x", "u", "n", "b",
    "atomic"
  };
  private static final String[] NUMBERS = {"42", "3.14", ".5", "1e10", "2E-3", "1.", "007", "0"};
  private static final String[] OPERATORS = {
    "+", "-", "*", "/", "<", ">", "=", "<>", ">=", "||", "::", "!", "@", "#", "%", "^", "&", "|",
    "~", "?", ",", ".", "[", "]", ":", "$", "=>"
  };
  private static final String[] SPACES = {" ", "\n", "\t", "  ", "\r\n", "\f", "\n\n  ", " \r\n\t"};
  private static final String[] LETTERS = {"a", "B", "c", " ", "é", "€", "z9", "😀"};
  private static final String[] DOLLAR_TAGS = {"", "fn", "a1", "_x", "Body", "é"};

  private final Random random;

  RandomScripts(long seed) {
    this.random = new Random(seed);
  }

  Script script() {
    StringBuilder script = new StringBuilder();
    List<Expected> expected = new ArrayList<>();
    script.append(between());
    int count = 1 + random.nextInt(8);
    for (int i = 0; i < count; i++) {
      Statement statement = random.nextInt(5) == 0 ? routine() : plain(LEADING_WORDS, WORDS);
      int start = script.length();
      boolean terminated = i < count - 1 || random.nextBoolean();
      // Comments before the semicolon (or the end of the script) belong to the statement's text.
      String trailing = random.nextInt(3) == 0 ? separator() : "";
      script.append(statement.text).append(trailing);
      String text = trimEnd(statement.text + trailing);
      if (terminated) script.append(';').append(between());
      expected.add(
          new Expected(text, start, lineAt(script, start), statement.words, statement.literals));
    }
    return new Script(script.toString(), expected);
  }

  // ---- statements ----

  /** What a statement under construction contains so far. */
  private static final class Statement {
    final StringBuilder text = new StringBuilder();
    final List<String> words = new ArrayList<>();
    final List<String> literals = new ArrayList<>();

    Statement word(String word) {
      text.append(word);
      words.add(upper(word));
      return this;
    }
  }

  private Statement plain(String[] leading, String[] words) {
    Statement s = new Statement();
    s.word(pick(leading));
    int fragments = random.nextInt(10);
    for (int i = 0; i < fragments; i++) {
      s.text.append(separator());
      fragment(s, words, 0);
    }
    return s;
  }

  /**
   * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ...; ...; END}, with CASE...END
   * inside.
   */
  private Statement routine() {
    Statement s = new Statement();
    s.word("CREATE").text.append(separator());
    if (random.nextBoolean()) {
      s.word("or").text.append(separator());
      s.word("Replace").text.append(separator());
    }
    s.word(random.nextBoolean() ? "FUNCTION" : "procedure").text.append(separator());
    s.word("f1").text.append("(");
    // BEGIN inside the parameter list is not counted by psql (it only counts outside parentheses)
    s.word("begin").text.append(' ');
    s.word("int").text.append(", ");
    s.text.append("\"end\" ");
    s.word("text").text.append(')').append(separator());
    s.word("LANGUAGE").text.append(separator());
    s.word("sql").text.append(separator());
    s.word("BEGIN").text.append(separator());
    s.word("ATOMIC").text.append(separator());
    int inner = random.nextInt(4);
    for (int i = 0; i < inner; i++) {
      if (random.nextInt(4) == 0) {
        s.text.append(';').append(separator()); // an empty inner statement
        continue;
      }
      s.word(pick(ROUTINE_WORDS));
      int fragments = random.nextInt(6);
      for (int j = 0; j < fragments; j++) {
        s.text.append(separator());
        if (random.nextInt(3) == 0) {
          caseExpression(s, 0);
        } else {
          fragment(s, ROUTINE_WORDS, 0);
        }
      }
      s.text.append(separator()).append(';').append(separator());
    }
    s.word("end");
    return s;
  }

  private void caseExpression(Statement s, int depth) {
    s.word("CASE").text.append(separator());
    s.word("when").text.append(separator());
    fragment(s, ROUTINE_WORDS, 2);
    s.text.append(separator());
    s.word("THEN").text.append(separator());
    if (depth < 2 && random.nextBoolean()) {
      caseExpression(s, depth + 1);
    } else {
      fragment(s, ROUTINE_WORDS, 2);
    }
    s.text.append(separator());
    s.word("End");
  }

  // ---- fragments ----

  private void fragment(Statement s, String[] words, int depth) {
    switch (random.nextInt(12)) {
      case 0, 1 -> s.word(pick(words));
      case 2 -> s.text.append(pick(NUMBERS));
      case 3 -> s.text.append(pick(OPERATORS));
      case 4 -> {
        if (depth < 3) {
          parenthesized(s, words, depth + 1);
        } else {
          s.text.append("()");
        }
      }
      case 5 -> standardString(s);
      case 6 -> escapeString(s);
      case 7 -> unicodeString(s);
      case 8 -> s.text.append(pick(new String[] {"B'0101'", "x'1F;'", "b''", "X'dead beef'"}));
      case 9 -> dollarQuoted(s);
      case 10 -> quotedIdentifier(s);
      default -> s.text.append(random.nextBoolean() ? "$1" : "$42");
    }
  }

  /** Parentheses hold semicolons, which must not end the statement. */
  private void parenthesized(Statement s, String[] words, int depth) {
    s.text.append('(');
    int items = random.nextInt(5);
    for (int i = 0; i < items; i++) {
      s.text.append(random.nextBoolean() ? "" : separator());
      if (random.nextInt(4) == 0) {
        s.text.append(';');
      } else {
        fragment(s, words, depth);
      }
      s.text.append(random.nextBoolean() ? "" : separator());
      // punctuation next to punctuation needs no separator; anything else does
      if (i < items - 1) s.text.append(random.nextBoolean() ? ", " : " ");
    }
    s.text.append(')');
  }

  private void standardString(Statement s) {
    StringBuilder raw = new StringBuilder();
    StringBuilder value = new StringBuilder();
    String[][] pieces = {
      {"''", "'"},
      {"--", "--"},
      {"/*", "/*"},
      {"*/", "*/"},
      {";", ";"},
      {"$$", "$$"},
      {"\\", "\\"},
      {"\"", "\""},
      {"\n", "\n"},
      {"\r\n", "\r\n"}
    };
    pieces(raw, value, pieces);
    String prefix = pick(new String[] {"", "", "N", "n"});
    s.text.append(prefix).append('\'').append(raw).append('\'');
    s.literals.add(value.toString());
  }

  private void escapeString(Statement s) {
    StringBuilder raw = new StringBuilder();
    StringBuilder value = new StringBuilder();
    String[][] pieces = {
      {"\\'", "'"}, {"\\\\", "\\"}, {"''", "'"}, {"\\n", "\n"}, {"\\t", "\t"}, {"\\x41", "A"},
      {"\\101", "A"}, {"\\u00e9", "é"}, {"\\303\\251", "é"}, {";", ";"}, {"--", "--"}, {"/*", "/*"},
      {"\"", "\""}, {"$$", "$$"}, {"\n", "\n"}
    };
    pieces(raw, value, pieces);
    s.text.append(random.nextBoolean() ? "E'" : "e'").append(raw).append('\'');
    s.literals.add(value.toString());
  }

  private void unicodeString(Statement s) {
    boolean uescape = random.nextBoolean();
    String esc = uescape ? "!" : "\\";
    StringBuilder raw = new StringBuilder();
    StringBuilder value = new StringBuilder();
    String[][] pieces = {
      {"''", "'"},
      {esc + esc, esc},
      {esc + "00e9", "é"},
      {esc + "+01F600", "😀"},
      {";", ";"},
      {"--", "--"},
      {"$$", "$$"},
      {"\"", "\""},
      {uescape ? "\\" : "?", uescape ? "\\" : "?"}
    };
    pieces(raw, value, pieces);
    s.text.append(random.nextBoolean() ? "U&'" : "u&'").append(raw).append('\'');
    s.literals.add(value.toString());
    if (uescape) {
      s.text.append(separator());
      s.word("UESCAPE").text.append(separator()).append("'!'");
    }
  }

  /**
   * A dollar-quoted body with semicolons, quotes, dollars and other tags, but not its own closing
   * tag.
   */
  private void dollarQuoted(Statement s) {
    String tag = "$" + pick(DOLLAR_TAGS) + "$";
    String[][] pieces = {
      {";"},
      {"'"},
      {"''"},
      {"\""},
      {"$"},
      {"$1"},
      {"$$"},
      {"$other$"},
      {"$fn$"},
      {"--"},
      {"/*"},
      {"\\"},
      {"\n"},
      {"BEGIN"},
      {"END;"},
      {"$a"}
    };
    while (true) {
      StringBuilder body = new StringBuilder();
      pieces(body, new StringBuilder(), pieces);
      String quoted = tag + body + tag;
      // valid only if the first occurrence of the tag after the opening one is the closing one
      if (quoted.indexOf(tag, tag.length()) == tag.length() + body.length()) {
        s.text.append(quoted);
        return;
      }
    }
  }

  private void quotedIdentifier(Statement s) {
    StringBuilder raw = new StringBuilder();
    String[][] pieces = {{"\"\""}, {";"}, {"'"}, {"--"}, {"/*"}, {"$$"}, {"\\"}, {"\n"}};
    pieces(raw, new StringBuilder(), pieces);
    if (raw.length() == 0) raw.append('q');
    s.text.append(pick(new String[] {"\"", "\"", "U&\""})).append(raw).append('"');
  }

  /**
   * Appends random pieces (raw text, decoded value) and letters; a one-element piece decodes to
   * itself.
   */
  private void pieces(StringBuilder raw, StringBuilder value, String[][] pieces) {
    int count = random.nextInt(8);
    for (int i = 0; i < count; i++) {
      String[] piece =
          random.nextBoolean()
              ? new String[] {pick(LETTERS)}
              : pieces[random.nextInt(pieces.length)];
      raw.append(piece[0]);
      value.append(piece.length > 1 ? piece[1] : piece[0]);
    }
  }

  // ---- separators ----

  /** Whitespace or comments between two tokens: never empty, never a token. */
  private String separator() {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3, 4, 5 -> pick(SPACES);
      case 6 -> pick(SPACES) + blockComment(0) + pick(SPACES);
      case 7 -> blockComment(0);
      case 8 -> lineComment();
      default -> pick(SPACES) + lineComment() + pick(SPACES);
    };
  }

  /** What comes between statements: whitespace, comments and empty statements. */
  private String between() {
    StringBuilder b = new StringBuilder();
    int parts = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      b.append(random.nextInt(4) == 0 ? ";" : separator());
    }
    b.append(pick(SPACES));
    return b.toString();
  }

  private String blockComment(int depth) {
    StringBuilder c = new StringBuilder("/*");
    String[] pieces = {";", "'", "\"", "$$", "--", "\\", "\n", " ", "a", "BEGIN", "END;"};
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      if (depth < 2 && random.nextInt(5) == 0) {
        c.append(blockComment(depth + 1));
      } else {
        c.append(pick(pieces));
      }
    }
    return c.append("*/").toString();
  }

  private String lineComment() {
    StringBuilder c = new StringBuilder("--");
    String[] pieces = {";", "'", "\"", "$$", "/*", "*/", "\\", " ", "a", "--", "BEGIN"};
    int count = random.nextInt(5);
    for (int i = 0; i < count; i++) c.append(pick(pieces));
    return c.append(random.nextBoolean() ? "\n" : "\r\n").toString();
  }

  // ---- small things ----

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String upper(String word) {
    StringBuilder b = new StringBuilder(word.length());
    for (char c : word.toCharArray()) b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
    return b.toString();
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && " \t\n\r\f".indexOf(s.charAt(end - 1)) >= 0) end--;
    return s.substring(0, end);
  }

  private static int lineAt(CharSequence s, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (s.charAt(i) == '\n') line++;
    }
    return line;
  }
}

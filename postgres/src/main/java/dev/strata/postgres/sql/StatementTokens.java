package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens of one statement as this package's lexer reads them, for code outside the package that
 * reads clauses and names ({@code strata review}'s rules). Comments and whitespace are not tokens;
 * a dollar-quoted body (a function or DO body) is one string token, so the statements inside it are
 * never seen. Every accessor takes a token index and answers false or empty past the end, so a
 * reader can look ahead without bounds checks.
 */
public final class StatementTokens {
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_$]*");

  private final List<Token> tokens;

  private StatementTokens(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * The statement re-lexed; its text came from the splitter, so it lexes cleanly (else: no tokens).
   */
  public static StatementTokens of(SqlStatement statement) {
    try {
      return new StatementTokens(Lexer.tokenize(statement.text()));
    } catch (SqlSyntaxException e) {
      return new StatementTokens(List.of());
    }
  }

  public int size() {
    return tokens.size();
  }

  /** True for a bare word equal to {@code upperCaseKeyword} (a quoted identifier never is). */
  public boolean isWord(int i, String upperCaseKeyword) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isWord(upperCaseKeyword);
  }

  /** True if the tokens from {@code i} on are these bare words, in order. */
  public boolean isWords(int i, String... upperCaseKeywords) {
    for (int k = 0; k < upperCaseKeywords.length; k++) {
      if (!isWord(i + k, upperCaseKeywords[k])) return false;
    }
    return true;
  }

  /** The bare word at {@code i} upper-cased, or {@code ""} if the token is not a bare word. */
  public String upperWord(int i) {
    return is(i, Token.Kind.WORD) ? tokens.get(i).upperWord() : "";
  }

  /** A bare word, a quoted identifier or a {@code U&"..."} identifier. */
  public boolean isIdentifier(int i) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isIdentifier();
  }

  public boolean isOpenParen(int i) {
    return is(i, Token.Kind.OPEN_PAREN);
  }

  public boolean isCloseParen(int i) {
    return is(i, Token.Kind.CLOSE_PAREN);
  }

  public boolean isComma(int i) {
    return is(i, Token.Kind.COMMA);
  }

  /** A single operator character, e.g. {@code '*'} after a table name or {@code '='} in SET. */
  public boolean isOperator(int i, char c) {
    return is(i, Token.Kind.OPERATOR) && tokens.get(i).charAt(0) == c;
  }

  /** A literal whose value is text: {@code '..'}, {@code E'..'}, {@code N'..'}, {@code U&'..'}. */
  public boolean isString(int i) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isTextString();
  }

  /** The decoded value of the text string at {@code i} ({@link #isString}). */
  public String stringValue(int i) {
    return Literals.stringValue(tokens.get(i));
  }

  /**
   * The index of the {@code )} matching the {@code (} at {@code open}, or {@link #size()} if none.
   */
  public int closingParen(int open) {
    return StatementClassifier.closingParen(tokens, open);
  }

  /** Where token {@code i} starts in the statement's text, for {@link SqlStatement#lineAt}. */
  public int offset(int i) {
    return tokens.get(i).start();
  }

  /** The statement's text from token {@code from} up to the end of token {@code to - 1}. */
  public String text(int from, int to) {
    if (from >= to || from >= tokens.size()) return "";
    Token first = tokens.get(from);
    return first.source().substring(first.start(), tokens.get(Math.min(to, size()) - 1).end());
  }

  /** The possibly qualified name starting at token {@code i}, if an identifier is there. */
  public Optional<Name> nameAt(int i) {
    StatementClassifier.QualifiedName name = StatementClassifier.QualifiedName.at(tokens, i);
    return name == null ? Optional.empty() : Optional.of(new Name(name.parts(), name.next()));
  }

  private boolean is(int i, Token.Kind kind) {
    return i >= 0 && i < tokens.size() && tokens.get(i).kind() == kind;
  }

  /**
   * A possibly qualified name.
   *
   * @param parts each part normalised as the server does: a bare name lower-cased, a quoted one
   *     kept as written ({@code public."Ticket Tags"} is {@code [public, Ticket Tags]})
   * @param next the index of the token after the name
   */
  public record Name(List<String> parts, int next) {
    public Name {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) throw new IllegalArgumentException("a name has at least one part");
    }

    /** The object's own name, without its schema. */
    public String last() {
      return parts.get(parts.size() - 1);
    }

    /** The schema, for a qualified name ({@code db.schema.table} too). */
    public Optional<String> schema() {
      return parts.size() < 2 ? Optional.empty() : Optional.of(parts.get(parts.size() - 2));
    }

    /** The name as it would be written in SQL: parts joined by dots, quoted where needed. */
    public String display() {
      return String.join(".", parts.stream().map(Name::quoteIfNeeded).toList());
    }

    /** One identifier as it would be written in SQL: quoted unless a bare name reads the same. */
    public static String quoteIfNeeded(String part) {
      return PLAIN_NAME.matcher(part).matches() ? part : '"' + part.replace("\"", "\"\"") + '"';
    }
  }
}

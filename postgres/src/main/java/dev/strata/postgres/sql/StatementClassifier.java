package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers what Strata needs to know about a PostgreSQL statement before running it: is it
 * transaction control, can it run inside a transaction block, does it add an enum value or build an
 * index concurrently. It reads the statement's words and, where names or options matter, re-lexes
 * its text; it never parses SQL fully, so each rule below recognises the statement forms PostgreSQL
 * documents and nothing more.
 */
public final class StatementClassifier {
  private StatementClassifier() {}

  /**
   * A value added to an enum type by {@code ALTER TYPE ... ADD VALUE}. PostgreSQL lets the
   * statement run in a transaction, but the new value cannot be used until that transaction
   * commits.
   *
   * @param typeName the type as written, each part of a qualified name normalised as the server
   *     does (a bare name lower-cased, a quoted one kept as is) and the parts joined with {@code
   *     .}, e.g. {@code public.Mood} for {@code public."Mood"}
   * @param value the new label, decoded
   */
  public record EnumValueAdded(String typeName, String value) {
    public EnumValueAdded {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The index a {@code CREATE [UNIQUE] INDEX CONCURRENTLY} statement builds. If such a build fails,
   * PostgreSQL leaves an INVALID index of this name behind, which has to be dropped before a retry.
   *
   * @param schema the schema if the name was qualified (PostgreSQL itself rejects that: an index
   *     always lives in its table's schema)
   * @param name the index name, normalised as the server does: a bare name lower-cased, a quoted
   *     one kept
   */
  public record ConcurrentIndex(Optional<String> schema, String name) {
    public ConcurrentIndex {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * True for statements that start or end a transaction: {@code BEGIN}, {@code START TRANSACTION},
   * {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}, {@code COMMIT/ROLLBACK PREPARED}
   * and {@code PREPARE TRANSACTION}. Not {@code ROLLBACK TO SAVEPOINT}, {@code SAVEPOINT} or {@code
   * RELEASE}, which work within one.
   */
  public static boolean isTransactionControl(SqlStatement statement) {
    List<String> w = statement.words();
    if (w.isEmpty()) return false;
    return switch (w.get(0)) {
      case "BEGIN" -> !word(w, 1).equals("ATOMIC");
      case "START" -> word(w, 1).equals("TRANSACTION");
      case "COMMIT", "END", "ABORT" -> true;
      case "ROLLBACK" -> {
        int next = word(w, 1).equals("WORK") || word(w, 1).equals("TRANSACTION") ? 2 : 1;
        yield !word(w, next).equals("TO");
      }
      // PREPARE TRANSACTION 'id' (a string, so only two words) vs PREPARE transaction AS ... (a
      // statement)
      case "PREPARE" -> word(w, 1).equals("TRANSACTION") && w.size() == 2;
      default -> false;
    };
  }

  /**
   * Why PostgreSQL refuses to run this statement inside a transaction block (SQLSTATE 25001), in
   * the server's words; empty if it may run in one. Where the answer depends on the database's
   * state rather than the text ({@code DROP SUBSCRIPTION} of a subscription with a replication
   * slot), the statement is reported, since running it outside a transaction is always possible.
   * Not detected, because only the server knows the table is partitioned: {@code REINDEX
   * TABLE}/{@code INDEX} and {@code CLUSTER} of a partitioned table.
   */
  public static Optional<String> nonTransactionalReason(SqlStatement statement) {
    List<String> w = statement.words();
    if (w.isEmpty()) return Optional.empty();
    String what =
        switch (w.get(0)) {
          case "CREATE" -> createNonTransactional(statement, w);
          case "DROP" -> dropNonTransactional(w);
          case "ALTER" -> alterNonTransactional(statement, w);
          case "REINDEX" -> reindexNonTransactional(tokens(statement));
          case "VACUUM" -> "VACUUM";
          case "CLUSTER" ->
              clusterHasNoTable(tokens(statement)) ? "CLUSTER without a table name" : null;
          case "DISCARD" -> word(w, 1).equals("ALL") ? "DISCARD ALL" : null;
          case "COMMIT", "ROLLBACK" ->
              word(w, 1).equals("PREPARED") ? w.get(0) + " PREPARED" : null;
          default -> null;
        };
    return Optional.ofNullable(what).map(s -> s + " cannot run inside a transaction block");
  }

  /**
   * The enum value added by {@code ALTER TYPE [schema.]name ADD VALUE [IF NOT EXISTS] 'value'
   * [BEFORE|AFTER 'other']}, if that is what the statement is.
   */
  public static Optional<EnumValueAdded> enumValueAdded(SqlStatement statement) {
    if (!statement.startsWith("ALTER", "TYPE")) return Optional.empty();
    List<Token> t = tokens(statement);
    if (!isWord(t, 0, "ALTER") || !isWord(t, 1, "TYPE")) return Optional.empty();
    QualifiedName type = QualifiedName.at(t, 2);
    if (type == null) return Optional.empty();
    int i = type.next();
    if (!isWord(t, i, "ADD") || !isWord(t, i + 1, "VALUE")) return Optional.empty();
    i += 2;
    if (isWord(t, i, "IF") && isWord(t, i + 1, "NOT") && isWord(t, i + 2, "EXISTS")) i += 3;
    if (i >= t.size() || !t.get(i).isTextString()) return Optional.empty();
    String value = Literals.stringValue(t.get(i), StatementContent.unicodeEscape(t, uescape(t, i)));
    return Optional.of(new EnumValueAdded(String.join(".", type.parts()), value));
  }

  /**
   * The index built by {@code CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON ...};
   * empty for other statements and for an index without a name (PostgreSQL then picks one).
   */
  public static Optional<ConcurrentIndex> concurrentIndexCreated(SqlStatement statement) {
    if (!statement.startsWith("CREATE")) return Optional.empty();
    List<Token> t = tokens(statement);
    int index = isWord(t, 1, "UNIQUE") ? 2 : 1;
    if (!isWord(t, 0, "CREATE")
        || !isWord(t, index, "INDEX")
        || !isWord(t, index + 1, "CONCURRENTLY")) {
      return Optional.empty();
    }
    int i = index + 2;
    if (isWord(t, i, "IF") && isWord(t, i + 1, "NOT") && isWord(t, i + 2, "EXISTS")) i += 3;
    if (isWord(t, i, "ON")) return Optional.empty();
    QualifiedName name = QualifiedName.at(t, i);
    if (name == null || name.parts().size() > 2) return Optional.empty();
    List<String> parts = name.parts();
    return parts.size() == 1
        ? Optional.of(new ConcurrentIndex(Optional.empty(), parts.get(0)))
        : Optional.of(new ConcurrentIndex(Optional.of(parts.get(0)), parts.get(1)));
  }

  /**
   * True if the statement has a string literal equal to {@code value}, or a dollar-quoted body (a
   * function or DO body) containing {@code value} as a standard string literal, {@code 'value'},
   * textually.
   */
  public static boolean usesStringLiteral(SqlStatement statement, String value) {
    if (statement.stringLiterals().contains(value)) return true;
    if (statement.text().indexOf('$') < 0) return false;
    String quoted = "'" + value.replace("'", "''") + "'";
    for (Token token : tokens(statement)) {
      if (token.kind() == Token.Kind.DOLLAR_STRING && token.dollarBody().contains(quoted))
        return true;
    }
    return false;
  }

  // ---- the non-transactional statement families ----

  private static String createNonTransactional(SqlStatement statement, List<String> w) {
    int index = word(w, 1).equals("UNIQUE") ? 2 : 1;
    if (word(w, index).equals("INDEX") && word(w, index + 1).equals("CONCURRENTLY")) {
      return "CREATE INDEX CONCURRENTLY";
    }
    return switch (word(w, 1)) {
      case "DATABASE" -> "CREATE DATABASE";
      case "TABLESPACE" -> "CREATE TABLESPACE";
      case "SUBSCRIPTION" -> {
        // Only creating the replication slot on the publisher is refused; connect = false implies
        // no slot.
        Map<String, String> options = withOptions(tokens(statement), 3);
        yield isFalse(options.get("create_slot")) || isFalse(options.get("connect"))
            ? null
            : "CREATE SUBSCRIPTION ... WITH (create_slot = true)";
      }
      default -> null;
    };
  }

  private static String dropNonTransactional(List<String> w) {
    return switch (word(w, 1)) {
      case "INDEX" -> word(w, 2).equals("CONCURRENTLY") ? "DROP INDEX CONCURRENTLY" : null;
      case "DATABASE" -> "DROP DATABASE";
      case "TABLESPACE" -> "DROP TABLESPACE";
      // Refused when the subscription has a replication slot, which the text cannot tell.
      case "SUBSCRIPTION" -> "DROP SUBSCRIPTION";
      default -> null;
    };
  }

  private static String alterNonTransactional(SqlStatement statement, List<String> w) {
    switch (word(w, 1)) {
      case "SYSTEM":
        return "ALTER SYSTEM";
      case "DATABASE":
        {
          // ALTER DATABASE d SET TABLESPACE t moves the database; so does the option form
          // ALTER DATABASE d [WITH] TABLESPACE [=] t. ALTER DATABASE d SET param ... does not.
          List<Token> t = tokens(statement);
          if (isWord(t, 3, "SET"))
            return isWord(t, 4, "TABLESPACE") ? "ALTER DATABASE SET TABLESPACE" : null;
          if (isWord(t, 3, "RESET") || isWord(t, 3, "RENAME") || isWord(t, 3, "OWNER")) return null;
          for (int i = 3; i < t.size(); i++) {
            if (t.get(i).isWord("TABLESPACE")) return "ALTER DATABASE SET TABLESPACE";
          }
          return null;
        }
      case "TABLE":
        {
          int detach = indexOf(w, "DETACH", 2);
          return detach > 0
                  && word(w, detach + 1).equals("PARTITION")
                  && indexOf(w, "CONCURRENTLY", detach + 2) > 0
              ? "ALTER TABLE ... DETACH CONCURRENTLY"
              : null;
        }
      case "SUBSCRIPTION":
        return alterSubscriptionNonTransactional(tokens(statement));
      default:
        return null;
    }
  }

  private static String alterSubscriptionNonTransactional(List<Token> t) {
    // ALTER SUBSCRIPTION name <action>: the name is one token, bare or quoted
    if (isWord(t, 3, "REFRESH")) return "ALTER SUBSCRIPTION ... REFRESH";
    if ((isWord(t, 3, "SET") || isWord(t, 3, "ADD") || isWord(t, 3, "DROP"))
        && isWord(t, 4, "PUBLICATION")) {
      return isFalse(withOptions(t, 5).get("refresh")) ? null : "ALTER SUBSCRIPTION with refresh";
    }
    if (isWord(t, 3, "SET") && isKind(t, 4, Token.Kind.OPEN_PAREN)) {
      // PostgreSQL 17+ alters the publisher's slot for these two, which cannot be undone by a
      // rollback.
      Map<String, String> options = optionList(t, 4);
      for (String option : List.of("failover", "two_phase")) {
        if (options.containsKey(option)) return "ALTER SUBSCRIPTION ... SET (" + option + ")";
      }
    }
    return null;
  }

  private static String reindexNonTransactional(List<Token> t) {
    int i = 1;
    if (isKind(t, i, Token.Kind.OPEN_PAREN)) {
      // REINDEX (CONCURRENTLY [true|false], VERBOSE) ...
      String concurrently = optionList(t, i).get("concurrently");
      if (concurrently != null && !isFalse(concurrently)) return "REINDEX CONCURRENTLY";
      i = closingParen(t, i) + 1;
    }
    for (int j = i + 1; j < t.size(); j++) {
      if (t.get(j).isWord("CONCURRENTLY")) return "REINDEX CONCURRENTLY";
    }
    if (isWord(t, i, "DATABASE")) return "REINDEX DATABASE";
    if (isWord(t, i, "SYSTEM")) return "REINDEX SYSTEM";
    return null;
  }

  /**
   * {@code CLUSTER}, {@code CLUSTER VERBOSE}, {@code CLUSTER (VERBOSE)}: re-cluster every clustered
   * table.
   */
  private static boolean clusterHasNoTable(List<Token> t) {
    int i = 1;
    if (isKind(t, i, Token.Kind.OPEN_PAREN)) i = closingParen(t, i) + 1;
    if (isWord(t, i, "VERBOSE")) i++;
    return i >= t.size();
  }

  // ---- option lists ----

  /**
   * The options of the first {@code WITH (...)} at or after token {@code from}, names lower-cased.
   */
  private static Map<String, String> withOptions(List<Token> t, int from) {
    for (int i = Math.max(from, 0); i + 1 < t.size(); i++) {
      if (t.get(i).isWord("WITH") && t.get(i + 1).kind() == Token.Kind.OPEN_PAREN)
        return optionList(t, i + 1);
    }
    return Map.of();
  }

  /**
   * A parenthesised option list {@code (name [=] value, name, ...)} starting at the {@code (} at
   * {@code open}: each name lower-cased, mapped to its value's text (a string decoded, a word
   * lower-cased) or to {@code "true"} when it has none, which is how PostgreSQL reads a bare
   * boolean option.
   */
  private static Map<String, String> optionList(List<Token> t, int open) {
    Map<String, String> options = new HashMap<>();
    int close = closingParen(t, open);
    int i = open + 1;
    while (i < close) {
      Token name = t.get(i);
      int end = i;
      int depth = 0;
      while (end < close && (depth > 0 || t.get(end).kind() != Token.Kind.COMMA)) {
        if (t.get(end).kind() == Token.Kind.OPEN_PAREN) depth++;
        if (t.get(end).kind() == Token.Kind.CLOSE_PAREN) depth--;
        end++;
      }
      if (name.isIdentifier()) {
        int v = i + 1;
        if (v < end && t.get(v).kind() == Token.Kind.OPERATOR && t.get(v).charAt(0) == '=') v++;
        String value = v < end ? optionValue(t.get(v)) : "true";
        options.put(Literals.identifierName(name, Literals.DEFAULT_UNICODE_ESCAPE), value);
      }
      i = end + 1;
    }
    return options;
  }

  private static String optionValue(Token value) {
    if (value.isTextString()) return Literals.stringValue(value);
    if (value.kind() == Token.Kind.WORD) return Chars.asciiLower(value.text());
    return value.text();
  }

  /** PostgreSQL's parse_bool false: any prefix of "false", "no", or exactly "off" or "0". */
  private static boolean isFalse(String value) {
    if (value == null) return false;
    String v = Chars.asciiLower(value.trim());
    if (v.isEmpty()) return false;
    return "false".startsWith(v) || "no".startsWith(v) || v.equals("off") || v.equals("0");
  }

  /**
   * The index of the {@code )} matching the {@code (} at {@code open}, or the token count if none.
   */
  static int closingParen(List<Token> t, int open) {
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      Token.Kind kind = t.get(i).kind();
      if (kind == Token.Kind.OPEN_PAREN) depth++;
      if (kind == Token.Kind.CLOSE_PAREN && --depth == 0) return i;
    }
    return t.size();
  }

  // ---- names ----

  /** A possibly qualified name: its parts normalised, and the index of the token after it. */
  record QualifiedName(List<String> parts, int next) {

    /** The name starting at token {@code i}, or null if there is no identifier there. */
    static QualifiedName at(List<Token> t, int i) {
      List<String> parts = new ArrayList<>();
      while (true) {
        if (i >= t.size() || !t.get(i).isIdentifier()) return null;
        int escapeAt = t.get(i).kind() == Token.Kind.UNICODE_IDENTIFIER ? uescape(t, i) : -1;
        parts.add(Literals.identifierName(t.get(i), StatementContent.unicodeEscape(t, escapeAt)));
        i = escapeAt >= 0 ? escapeAt + 1 : i + 1;
        if (!isKind(t, i, Token.Kind.DOT)) return new QualifiedName(List.copyOf(parts), i);
        i++;
      }
    }
  }

  /**
   * For a {@code U&} token at {@code i}: the index of its {@code UESCAPE} character literal, or -1.
   */
  private static int uescape(List<Token> t, int i) {
    return StatementContent.uescapeLiteralIndex(t, i);
  }

  // ---- small accessors ----

  /**
   * The statement re-lexed; its text came from the splitter, so it lexes cleanly (else: no tokens).
   */
  private static List<Token> tokens(SqlStatement statement) {
    try {
      return Lexer.tokenize(statement.text());
    } catch (SqlSyntaxException e) {
      return List.of();
    }
  }

  private static String word(List<String> words, int i) {
    return i < words.size() ? words.get(i) : "";
  }

  private static int indexOf(List<String> words, String word, int from) {
    for (int i = from; i < words.size(); i++) {
      if (words.get(i).equals(word)) return i;
    }
    return -1;
  }

  private static boolean isWord(List<Token> t, int i, String upperCaseKeyword) {
    return i >= 0 && i < t.size() && t.get(i).isWord(upperCaseKeyword);
  }

  private static boolean isKind(List<Token> t, int i, Token.Kind kind) {
    return i >= 0 && i < t.size() && t.get(i).kind() == kind;
  }
}

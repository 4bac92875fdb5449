package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import dev.strata.core.sql.SqlSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a statement that runs outside a transaction leaves in the catalog when it completes, so that
 * a resume can tell whether an interrupted run of it took effect. Only the statements whose effect
 * a catalog query can show, or that are safe to run twice, are recognised; for the rest a person
 * has to look.
 */
public sealed interface InFlightEffect {

  /** {@code CREATE INDEX CONCURRENTLY name}: done when the index exists and is valid. */
  record IndexBuilt(Optional<String> schema, String name) implements InFlightEffect {}

  /** {@code DROP INDEX CONCURRENTLY a, b}: done when none of them exists any more. */
  record IndexesDropped(List<List<String>> names) implements InFlightEffect {}

  /** {@code ALTER TYPE t ADD VALUE 'v'}: done when the label is there. */
  record EnumValue(String typeName, String value) implements InFlightEffect {}

  /** {@code CREATE/DROP DATABASE|TABLESPACE name}: done when it exists (or no longer does). */
  record Named(String catalog, String name, boolean created) implements InFlightEffect {}

  /** {@code COMMIT|ROLLBACK PREPARED 'gid'}: done when the prepared transaction is gone. */
  record PreparedGone(String gid) implements InFlightEffect {}

  /** Safe to run again whatever happened before ({@code VACUUM}, {@code REINDEX}…). */
  record Repeatable(String what) implements InFlightEffect {}

  /** Nothing in the catalog tells. */
  record Unknown() implements InFlightEffect {}

  /** The effect of {@code statement}, as far as its text tells. */
  static InFlightEffect of(SqlStatement statement) {
    List<String> w = statement.words();
    if (w.isEmpty()) return new Unknown();
    var index = StatementClassifier.concurrentIndexCreated(statement);
    if (index.isPresent()) return new IndexBuilt(index.get().schema(), index.get().name());
    var value = StatementClassifier.enumValueAdded(statement);
    if (value.isPresent()) return new EnumValue(value.get().typeName(), value.get().value());
    List<Token> t = tokens(statement);
    switch (w.get(0)) {
      case "VACUUM", "ANALYZE", "REINDEX", "CLUSTER", "CHECKPOINT", "DISCARD" -> {
        return new Repeatable(w.get(0));
      }
      case "ALTER" -> {
        if (w.size() > 1 && w.get(1).equals("SYSTEM")) return new Repeatable("ALTER SYSTEM");
      }
      case "DROP" -> {
        if (isWord(t, 1, "INDEX") && isWord(t, 2, "CONCURRENTLY")) return indexesDropped(t, 3);
        return named(t, false);
      }
      case "CREATE" -> {
        return named(t, true);
      }
      case "COMMIT", "ROLLBACK" -> {
        if (isWord(t, 1, "PREPARED") && t.size() > 2 && t.get(2).isTextString())
          return new PreparedGone(Literals.stringValue(t.get(2)));
      }
      default -> {
        // below
      }
    }
    return new Unknown();
  }

  private static InFlightEffect indexesDropped(List<Token> t, int i) {
    if (isWord(t, i, "IF") && isWord(t, i + 1, "EXISTS")) i += 2;
    List<List<String>> names = new ArrayList<>();
    while (true) {
      StatementClassifier.QualifiedName name = StatementClassifier.QualifiedName.at(t, i);
      if (name == null || name.parts().size() > 2) return new Unknown();
      names.add(name.parts());
      i = name.next();
      if (i < t.size() && t.get(i).kind() == Token.Kind.COMMA) {
        i++;
        continue;
      }
      return names.isEmpty() ? new Unknown() : new IndexesDropped(List.copyOf(names));
    }
  }

  /** {@code CREATE|DROP DATABASE|TABLESPACE [IF [NOT] EXISTS] name}. */
  private static InFlightEffect named(List<Token> t, boolean created) {
    String catalog =
        isWord(t, 1, "DATABASE")
            ? "pg_database"
            : isWord(t, 1, "TABLESPACE") ? "pg_tablespace" : null;
    if (catalog == null) return new Unknown();
    int i = 2;
    if (isWord(t, i, "IF")) i += created ? 3 : 2;
    StatementClassifier.QualifiedName name = StatementClassifier.QualifiedName.at(t, i);
    if (name == null || name.parts().size() != 1) return new Unknown();
    return new Named(catalog, name.parts().get(0), created);
  }

  private static List<Token> tokens(SqlStatement statement) {
    try {
      return Lexer.tokenize(statement.text());
    } catch (SqlSyntaxException e) {
      return List.of();
    }
  }

  private static boolean isWord(List<Token> t, int i, String word) {
    return i < t.size() && t.get(i).isWord(word);
  }
}

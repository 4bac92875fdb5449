package dev.strata.postgres.sql;

import dev.strata.core.sql.SqlStatement;
import java.util.Optional;

/** PLACEHOLDER until the real classifier lands. */
public final class StatementClassifier {
  public record EnumValueAdded(String typeName, String value) {}

  public record ConcurrentIndex(Optional<String> schema, String name) {}

  public static boolean isTransactionControl(SqlStatement s) {
    return s.startsWith("BEGIN") || s.startsWith("COMMIT");
  }

  public static Optional<String> nonTransactionalReason(SqlStatement s) {
    return s.words().contains("CONCURRENTLY") ? Optional.of("CONCURRENTLY") : Optional.empty();
  }

  public static Optional<EnumValueAdded> enumValueAdded(SqlStatement s) {
    return Optional.empty();
  }

  public static Optional<ConcurrentIndex> concurrentIndexCreated(SqlStatement s) {
    return Optional.empty();
  }

  public static boolean usesStringLiteral(SqlStatement s, String v) {
    return false;
  }
}

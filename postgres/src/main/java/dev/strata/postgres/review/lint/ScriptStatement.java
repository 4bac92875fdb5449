package dev.strata.postgres.review.lint;

import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.StatementClassifier;
import dev.strata.postgres.sql.StatementTokens;

/**
 * One statement of the reviewed migration, with its tokens and where it stands in the script.
 *
 * @param index its position among the script's statements, from 0
 * @param block which explicit transaction block written in the script ({@code BEGIN ... COMMIT}) it
 *     is in, counted from 1; 0 outside any
 */
record ScriptStatement(int index, SqlStatement sql, StatementTokens tokens, int block) {

  int line() {
    return sql.startLine();
  }

  boolean startsWith(String... words) {
    return sql.startsWith(words);
  }

  boolean transactionControl() {
    return StatementClassifier.isTransactionControl(sql);
  }

  /**
   * True for statements PostgreSQL refuses in a transaction block that build or drop something
   * CONCURRENTLY: {@code CREATE/DROP INDEX CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY}, {@code
   * DETACH PARTITION ... CONCURRENTLY}.
   */
  boolean concurrently() {
    return nonTransactional() && sql.words().contains("CONCURRENTLY");
  }

  boolean nonTransactional() {
    return StatementClassifier.nonTransactionalReason(sql).isPresent();
  }

  /** {@code SET ...} or {@code RESET ...}: session settings, no work on any object. */
  boolean setting() {
    return startsWith("SET") || startsWith("RESET");
  }
}

package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code concurrently-in-transaction}: a CONCURRENTLY statement inside a BEGIN ... COMMIT written
 * in the script, which PostgreSQL refuses (SQLSTATE 25001). {@code concurrently-mixed}: a
 * CONCURRENTLY statement beside other work, which makes Strata run the migration statement by
 * statement, so a failure leaves it half applied.
 */
final class ConcurrentStatements {
  static final String IN_TRANSACTION = "concurrently-in-transaction";
  static final String MIXED = "concurrently-mixed";

  private static final String FIX =
      "Put the CONCURRENTLY statements in a migration of their own, with only SET lock_timeout"
          + " beside them, and no BEGIN/COMMIT.";

  private ConcurrentStatements() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    List<ScriptStatement> concurrent =
        text.statements().stream().filter(ScriptStatement::concurrently).toList();
    for (ScriptStatement st : concurrent) {
      if (st.block() > 0) findings.add(inTransaction(text, st));
    }
    // SET/RESET change no object, and other statements that cannot run in a transaction are
    // stepwise by nature: neither loses atomicity by sharing the migration.
    Optional<ScriptStatement> otherWork =
        text.statements().stream()
            .filter(st -> !st.transactionControl() && !st.setting() && !st.nonTransactional())
            .findFirst();
    if (!concurrent.isEmpty() && otherWork.isPresent()) {
      ScriptStatement first = concurrent.get(0);
      findings.add(
          text.finding(
              MIXED,
              Level.WARNING,
              Concern.FAILURE,
              first.line(),
              describe(first)
                  + " shares the migration with other statements (first at line "
                  + otherWork.get().line()
                  + ")",
              "A CONCURRENTLY statement cannot run in a transaction block, so Strata runs this"
                  + " migration statement by statement: if a later statement fails, the earlier"
                  + " ones stay applied and the migration is left half done.",
              FIX));
    }
    return findings;
  }

  private static Finding inTransaction(MigrationText text, ScriptStatement st) {
    int begin =
        text.statements().stream()
            .filter(o -> o.block() == st.block() && o.transactionControl())
            .findFirst()
            .map(ScriptStatement::line)
            .orElse(st.line());
    return text.finding(
        IN_TRANSACTION,
        Level.ERROR,
        Concern.FAILURE,
        st.line(),
        describe(st) + " inside the transaction block opened at line " + begin,
        "PostgreSQL refuses CONCURRENTLY inside a transaction block (SQLSTATE 25001): the"
            + " migration fails at this statement, after the statements before it have run.",
        FIX);
  }

  /** The statement's head naming its object, e.g. {@code CREATE INDEX CONCURRENTLY a_idx}. */
  private static String describe(ScriptStatement st) {
    return CreateStatement.of(st.tokens())
        .map(CreateStatement::head)
        .or(() -> DropStatement.of(st.tokens()).map(DropStatement::head))
        .orElseGet(
            () ->
                String.join(
                    " ", st.sql().words().subList(0, Math.min(4, st.sql().words().size()))));
  }
}

package dev.strata.mysql;

import dev.strata.core.execute.Step;
import dev.strata.core.sql.SqlStatement;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a statement does to a transaction on MySQL and MariaDB. */
final class MysqlStatements {
  private MysqlStatements() {}

  /**
   * Statements that commit the open transaction and then commit themselves (the servers'
   * "statements that cause an implicit commit"): they cannot be undone, so each runs on its own.
   */
  private static final Set<String> IMPLICIT_COMMIT =
      Set.of(
          "ALTER",
          "CREATE",
          "DROP",
          "RENAME",
          "TRUNCATE",
          "GRANT",
          "REVOKE",
          "LOCK",
          "UNLOCK",
          "ANALYZE",
          "OPTIMIZE",
          "REPAIR",
          "CHECK",
          "FLUSH",
          "RESET",
          "INSTALL",
          "UNINSTALL",
          "CACHE");

  static Step.Kind kind(SqlStatement st) {
    List<String> w = st.words();
    if (w.isEmpty()) return Step.Kind.ORDINARY;
    String first = w.get(0);
    if (first.equals("START") && w.size() > 1 && w.get(1).equals("TRANSACTION"))
      return Step.Kind.BEGIN;
    if (first.equals("BEGIN") && (w.size() == 1 || w.get(1).equals("WORK"))) return Step.Kind.BEGIN;
    if (first.equals("COMMIT")) return Step.Kind.COMMIT;
    if (first.equals("ROLLBACK") && !w.contains("TO")) return Step.Kind.ROLLBACK;
    if (implicitCommit(st).isPresent()) return Step.Kind.OUTSIDE_TRANSACTION;
    return Step.Kind.ORDINARY;
  }

  /** Why the statement commits on its own, when it does. */
  static Optional<String> implicitCommit(SqlStatement st) {
    List<String> w = st.words();
    if (w.isEmpty() || !IMPLICIT_COMMIT.contains(w.get(0))) return Optional.empty();
    // Temporary tables live in the session and commit nothing.
    if ((w.get(0).equals("CREATE") || w.get(0).equals("DROP"))
        && w.size() > 1
        && w.get(1).equals("TEMPORARY")) return Optional.empty();
    if (w.get(0).equals("CHECK") && (w.size() < 2 || !w.get(1).equals("TABLE")))
      return Optional.empty();
    String what = String.join(" ", w.subList(0, Math.min(2, w.size())));
    return Optional.of(what + " commits implicitly");
  }
}

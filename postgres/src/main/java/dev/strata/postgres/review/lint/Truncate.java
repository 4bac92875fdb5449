package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;

/** {@code truncate}: every row of the named tables removed at once. */
final class Truncate {
  static final String CODE = "truncate";

  private Truncate() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      if (!st.startsWith("TRUNCATE")) continue;
      int first = st.tokens().isWord(1, "TABLE") ? 2 : 1;
      List<Name> tables =
          TableList.at(st.tokens(), first).stream()
              .filter(t -> text.existing(t, st.index()))
              .toList();
      if (tables.isEmpty()) continue;
      String names = String.join(", ", tables.stream().map(Name::display).toList());
      findings.add(
          text.finding(
              CODE,
              Level.ERROR,
              Concern.DATA_LOSS,
              st.line(),
              "TRUNCATE " + names,
              "Every row of "
                  + names
                  + " is deleted, under an ACCESS EXCLUSIVE lock; once committed, only a backup"
                  + " brings the rows back.",
              "Keep data removal out of schema migrations: back the rows up first, and if"
                  + " the application keeps using the table, DELETE in batches (DELETE FROM "
                  + tables.get(0).display()
                  + " WHERE <key range>)."));
    }
    return findings;
  }
}

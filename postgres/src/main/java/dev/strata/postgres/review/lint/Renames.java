package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.RenameColumn;
import dev.strata.postgres.review.lint.AlterTable.RenameTable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rename-column} and {@code rename-table}: the application still running uses the old name.
 * Renaming a constraint or an index breaks no query and is not reported; neither is renaming a
 * table this migration created.
 */
final class Renames {
  static final String COLUMN = "rename-column";
  static final String TABLE = "rename-table";

  private static final String WHY =
      " still uses %s: its queries fail from the moment this commits until new code is deployed.";

  private Renames() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                String t = a.table().display();
                for (RenameColumn r : a.actions(RenameColumn.class)) {
                  String from = r.from().display();
                  String to = r.to().display();
                  findings.add(
                      text.finding(
                          COLUMN,
                          Level.ERROR,
                          Concern.COMPATIBILITY,
                          st.line(),
                          "ALTER TABLE " + t + " RENAME COLUMN " + from + " TO " + to,
                          "Running application code" + WHY.formatted(t + "." + from),
                          "Expand and contract: ALTER TABLE "
                              + t
                              + " ADD COLUMN "
                              + to
                              + " ...; write both columns (trigger or dual writes) and backfill;"
                              + " switch reads to "
                              + to
                              + "; drop "
                              + from
                              + " in a later release."));
                }
                for (RenameTable r : a.actions(RenameTable.class)) {
                  String to = r.to().display();
                  findings.add(
                      text.finding(
                          TABLE,
                          Level.ERROR,
                          Concern.COMPATIBILITY,
                          st.line(),
                          "ALTER TABLE " + t + " RENAME TO " + to,
                          "Running application code" + WHY.formatted(t),
                          "Expand and contract: rename and, in the same migration, CREATE VIEW "
                              + t
                              + " AS SELECT * FROM "
                              + to
                              + "; (simple views are updatable) until no code uses "
                              + t
                              + ", then drop the view in a later release."));
                }
              });
    }
    return findings;
  }
}

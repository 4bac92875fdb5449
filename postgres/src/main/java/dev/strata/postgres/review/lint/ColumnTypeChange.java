package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.AlterColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code column-type-change}: ALTER COLUMN ... TYPE on a table this migration did not create. Some
 * changes are binary-coercible (varchar(n) to text or to a wider varchar) and only touch the
 * catalog; the text cannot tell the old type, so the finding says "may".
 */
final class ColumnTypeChange {
  static final String CODE = "column-type-change";

  private ColumnTypeChange() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                String t = a.table().display();
                for (AlterColumnType change : a.actions(AlterColumnType.class)) {
                  String c = change.column().display();
                  findings.add(
                      text.finding(
                          CODE,
                          Level.ERROR,
                          Concern.COMPATIBILITY,
                          st.line(),
                          "ALTER TABLE " + t + " ALTER COLUMN " + c + " TYPE " + change.type(),
                          "Unless the change is binary-coercible (varchar(n) to text or a wider"
                              + " varchar), PostgreSQL may rewrite "
                              + t
                              + " and rebuild its indexes under an ACCESS EXCLUSIVE lock; and code"
                              + " running against the old type may break.",
                          "Expand and contract: ALTER TABLE "
                              + t
                              + " ADD COLUMN "
                              + NewName.of(change.column(), "new")
                              + " "
                              + change.type()
                              + "; backfill it in batches and keep both in sync (trigger or dual"
                              + " writes); switch the code to the new column; drop "
                              + c
                              + " in a later release."));
                }
              });
    }
    return findings;
  }
}

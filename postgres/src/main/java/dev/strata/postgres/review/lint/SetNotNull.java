package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.ValidateConstraint;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code set-not-null}: SET NOT NULL on a table in use scans it for NULLs under ACCESS EXCLUSIVE.
 * Not reported after an earlier {@code VALIDATE CONSTRAINT} on the same table in this migration:
 * that is the validated {@code CHECK (c IS NOT NULL)} pattern ({@code strata dev} writes it), and
 * PostgreSQL 12+ then trusts the constraint and skips the scan.
 */
final class SetNotNull {
  static final String CODE = "set-not-null";

  private SetNotNull() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      text.alterOfTableInUse(st)
          .filter(a -> !validatedEarlier(text, a.table(), st.index()))
          .ifPresent(
              a -> {
                for (AlterTable.SetNotNull set : a.actions(AlterTable.SetNotNull.class)) {
                  findings.add(finding(text, st, a.table(), set.column()));
                }
              });
    }
    return findings;
  }

  private static boolean validatedEarlier(MigrationText text, Name table, int before) {
    return text.statements().stream()
        .filter(st -> st.index() < before)
        .flatMap(st -> AlterTable.of(st.tokens()).stream())
        .anyMatch(
            a ->
                MigrationText.sameTable(a.table(), table)
                    && !a.actions(ValidateConstraint.class).isEmpty());
  }

  private static Finding finding(MigrationText text, ScriptStatement st, Name table, Name column) {
    String t = table.display();
    String c = column.display();
    String check = NewName.of(column, "not_null");
    String prefix = "ALTER TABLE " + t + " ";
    return text.finding(
        CODE,
        Level.ERROR,
        Concern.LOCKS,
        st.line(),
        prefix + "ALTER COLUMN " + c + " SET NOT NULL on existing table " + t,
        "PostgreSQL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock: reads"
            + " and writes on "
            + t
            + " wait until the scan ends.",
        prefix
            + "ADD CONSTRAINT "
            + check
            + " CHECK ("
            + c
            + " IS NOT NULL) NOT VALID; "
            + prefix
            + "VALIDATE CONSTRAINT "
            + check
            + "; "
            + prefix
            + "ALTER COLUMN "
            + c
            + " SET NOT NULL; "
            + prefix
            + "DROP CONSTRAINT "
            + check
            + "; (PostgreSQL 12+ uses the validated constraint and skips the scan).");
  }
}

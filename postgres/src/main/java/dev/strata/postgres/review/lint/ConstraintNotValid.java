package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.AddConstraint;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code constraint-not-valid}: a FOREIGN KEY or CHECK added to a table in use without NOT VALID,
 * so every existing row is checked under the lock. Constraints on a new table, or a REFERENCES on a
 * column added in the same statement (all NULL), check nothing and are not reported.
 */
final class ConstraintNotValid {
  static final String CODE = "constraint-not-valid";

  private ConstraintNotValid() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                for (AddConstraint add : a.actions(AddConstraint.class)) {
                  boolean scans = add.kind().equals("FOREIGN KEY") || add.kind().equals("CHECK");
                  if (scans && !add.notValid()) findings.add(finding(text, st, a.table(), add));
                }
              });
    }
    return findings;
  }

  private static Finding finding(
      MigrationText text, ScriptStatement st, Name table, AddConstraint add) {
    String t = table.display();
    String name = add.name().map(Name::display).orElse("<name>");
    String lock =
        add.kind().equals("CHECK")
            ? "an ACCESS EXCLUSIVE lock on " + t + ": reads and writes wait"
            : "a SHARE ROW EXCLUSIVE lock on " + t + " and on the referenced table: writes wait";
    return text.finding(
        CODE,
        Level.ERROR,
        Concern.LOCKS,
        st.line(),
        "ALTER TABLE "
            + t
            + " ADD "
            + add.name().map(n -> "CONSTRAINT " + n.display() + " ").orElse("")
            + add.kind()
            + " on existing table "
            + t
            + " without NOT VALID",
        "PostgreSQL checks every existing row while holding "
            + lock
            + " until the whole table has been scanned.",
        "ALTER TABLE "
            + t
            + " ADD CONSTRAINT "
            + name
            + " "
            + add.kind()
            + " ... NOT VALID; then, in a later migration, ALTER TABLE "
            + t
            + " VALIDATE CONSTRAINT "
            + name
            + "; (the scan then takes a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes"
            + " through).");
  }
}

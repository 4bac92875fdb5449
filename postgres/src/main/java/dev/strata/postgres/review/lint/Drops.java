package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.DropColumn;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code drop-table} and {@code drop-column}: data that only a backup brings back, and running code
 * that still reads it fails. A table created earlier in the same migration holds nothing yet and is
 * not reported.
 */
final class Drops {
  static final String TABLE = "drop-table";
  static final String COLUMN = "drop-column";

  private Drops() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      DropStatement.of(st.tokens())
          .filter(d -> d.kind().equals("TABLE"))
          .ifPresent(
              d -> {
                for (Name table : d.names()) {
                  if (text.existing(table, st.index())) {
                    findings.add(dropTable(text, st, table).alsoAnswering(Concern.COMPATIBILITY));
                  }
                }
              });
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                for (DropColumn drop : a.actions(DropColumn.class)) {
                  findings.add(
                      dropColumn(text, st, a.table(), drop.column())
                          .alsoAnswering(Concern.COMPATIBILITY));
                }
              });
    }
    return findings;
  }

  private static Finding dropTable(MigrationText text, ScriptStatement st, Name table) {
    String t = table.display();
    return text.finding(
        TABLE,
        Level.ERROR,
        Concern.DATA_LOSS,
        st.line(),
        "DROP TABLE " + t,
        "Every row of "
            + t
            + " is gone for good, only a backup brings it back; and running code"
            + " that still uses "
            + t
            + " fails.",
        "First release code that no longer uses "
            + t
            + "; back it up (strata backup, or pg_dump -t "
            + t
            + "); drop it in a later migration.");
  }

  private static Finding dropColumn(
      MigrationText text, ScriptStatement st, Name table, Name column) {
    String t = table.display();
    String c = column.display();
    return text.finding(
        COLUMN,
        Level.ERROR,
        Concern.DATA_LOSS,
        st.line(),
        "ALTER TABLE " + t + " DROP COLUMN " + c,
        "The values of "
            + t
            + "."
            + c
            + " are gone for good, only a backup brings them back; and running code that still"
            + " reads or writes "
            + c
            + " fails.",
        "First release code that no longer uses "
            + c
            + "; back the values up (e.g. CREATE TABLE ... AS SELECT key, "
            + c
            + " FROM "
            + t
            + "); drop the column in a later migration.");
  }
}

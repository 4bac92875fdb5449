package dev.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.command.CommandResults;
import liquibase.command.CommandScope;
import liquibase.command.core.DiffCommandStep;
import liquibase.diff.DiffResult;
import liquibase.diff.ObjectDifferences;
import liquibase.snapshot.DatabaseSnapshot;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Catalog;
import liquibase.structure.core.Column;
import liquibase.structure.core.ForeignKey;
import liquibase.structure.core.Index;
import liquibase.structure.core.PrimaryKey;
import liquibase.structure.core.Table;
import liquibase.structure.core.UniqueConstraint;

/**
 * Liquibase's {@code diff} command through its public command API, as the CLI's {@code liquibase
 * diff --reference-url=REF --url=TARGET} runs it, the text report on stdout. Run by the schema
 * suite in its own JVM: {@code LiquibaseDiffMain <referenceJdbcUrl> <targetJdbcUrl>} (credentials
 * inside the URLs).
 *
 * <p>After the report, one line on stderr says what the snapshots held, so the harness can check
 * that Liquibase really read the whole schema, and what differed. Exits 0 when the databases are
 * equal but for their names, 3 when Liquibase found other differences (the CLI exits 0 either way),
 * and non-zero on any failure.
 */
public final class LiquibaseDiffMain {

  static final int DIFFERENT = 3;

  private LiquibaseDiffMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LiquibaseDiffMain <referenceJdbcUrl> <targetJdbcUrl>");
      System.exit(2);
    }
    // no network round trip in a timing; see LiquibaseMain
    System.setProperty("liquibase.analytics.enabled", "false");
    CommandResults results =
        new CommandScope("diff")
            .addArgumentValue("referenceUrl", args[0])
            .addArgumentValue("url", args[1])
            .setOutput(System.out)
            .execute();
    System.out.flush();
    DiffResult diff = results.getResult(DiffCommandStep.DIFF_RESULT);
    List<String> differences = differences(diff);
    System.err.println(
        "[bench] reference "
            + counts(diff.getReferenceSnapshot())
            + "; target "
            + counts(diff.getComparisonSnapshot())
            + "; differences: "
            + (differences.isEmpty()
                ? "none"
                : differences.size()
                    + ", first: "
                    + differences.subList(0, Math.min(10, differences.size()))));
    System.exit(differences.isEmpty() ? 0 : DIFFERENT);
  }

  /**
   * What the report lists as missing, unexpected or changed, except the catalog: two databases
   * always differ in name, and Liquibase reports that as a changed catalog.
   */
  private static List<String> differences(DiffResult diff) {
    List<String> differences = new ArrayList<>();
    for (DatabaseObject o : diff.getMissingObjects()) {
      differences.add("missing " + describe(o));
    }
    for (DatabaseObject o : diff.getUnexpectedObjects()) {
      differences.add("unexpected " + describe(o));
    }
    for (Map.Entry<DatabaseObject, ObjectDifferences> e : diff.getChangedObjects().entrySet()) {
      if (!(e.getKey() instanceof Catalog)) {
        differences.add("changed " + describe(e.getKey()));
      }
    }
    return differences;
  }

  private static String describe(DatabaseObject o) {
    return o.getObjectTypeName() + " " + o;
  }

  private static String counts(DatabaseSnapshot s) {
    return String.format(
        Locale.ROOT,
        "%d tables, %d columns, %d indexes, %d primary keys, %d unique constraints, %d foreign keys",
        s.get(Table.class).size(),
        s.get(Column.class).size(),
        s.get(Index.class).size(),
        s.get(PrimaryKey.class).size(),
        s.get(UniqueConstraint.class).size(),
        s.get(ForeignKey.class).size());
  }
}

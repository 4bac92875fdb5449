package dev.strata.core.review;

import dev.strata.core.execute.ScriptPlan;
import java.util.Optional;

/**
 * Findings every dialect's review words the same way: data a migration removed, a migration that
 * failed on the shadow database or could not be followed to its end there, and one without a way
 * back. A dialect adds its own (locks, rewrites) in its own terms.
 */
public final class CommonFindings {
  private CommonFindings() {}

  /** {@code data-loss}: a table or column gone, with the rows that held data in it. */
  public static Finding dataLoss(String migration, String file, int line, DataAtRisk lost) {
    boolean holdsData = lost.rows() != 0;
    return new Finding(
            "data-loss",
            holdsData ? Level.ERROR : Level.WARNING,
            Finding.Evidence.OBSERVED,
            Finding.Concern.DATA_LOSS,
            migration,
            file,
            line,
            "removed " + lost.describe(),
            holdsData
                ? "The data is gone when the migration commits; only a restore brings it back."
                : "No row holds data there today, but code that still uses it will fail.",
            "Stop using it in the application first, back up, and drop it in a later"
                + " release; keep the data elsewhere if it may be needed.")
        .alsoAnswering(Finding.Concern.COMPATIBILITY);
  }

  /** {@code shadow-incomplete}: what the rest of the migration does was not seen. */
  public static Finding incomplete(String migration, String file, String why) {
    return new Finding(
        "shadow-incomplete",
        Level.WARNING,
        Finding.Evidence.OBSERVED,
        Finding.Concern.FAILURE,
        migration,
        file,
        lineOf(why),
        "not fully observed: " + why,
        "The shadow database lacks something the target has (an extension, or"
            + " the rows of its tables), so what the rest of the migration does"
            + " was not seen; the text rules still apply.",
        "For an extension: install it on the shadow server, or point"
            + " --shadow-url at a server that has it. For rows: check the"
            + " statement against the target's data (strata review --with-data N"
            + " observes on a sample of them).");
  }

  /** {@code shadow-failure}: it failed on a copy of the schema, so it will most likely fail. */
  public static Finding failure(String migration, String file, String error) {
    return new Finding(
        "shadow-failure",
        Level.ERROR,
        Finding.Evidence.OBSERVED,
        Finding.Concern.FAILURE,
        migration,
        file,
        lineOf(error),
        "failed on a shadow copy of the schema: " + error,
        "It will most likely fail the same way on the database being migrated.",
        "Fix the migration and run strata review again.");
  }

  /** {@code no-down-migration}: nothing reverses the migration but a restore. */
  public static Optional<Finding> noDownMigration(ScriptPlan plan) {
    if (plan.migration().down().isPresent()) return Optional.empty();
    return Optional.of(
        new Finding(
            "no-down-migration",
            Level.INFO,
            Finding.Evidence.STATIC,
            Finding.Concern.REVERSIBILITY,
            plan.migration().name(),
            plan.migration().displayPath(),
            0,
            "Migration " + plan.migration().name() + " has no down.sql",
            "If it misbehaves in production, strata rollback cannot undo it: the way back is a"
                + " restore from backup, which also loses the writes made since.",
            "Add a down.sql next to migration.sql (Flyway layout: a U file of the same version)"
                + " that reverses it, dropping what it creates in reverse order."));
  }

  /** The line an error names first ({@code line 12: ...}), or 0. */
  private static int lineOf(String error) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^line (\\d+):").matcher(error);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}

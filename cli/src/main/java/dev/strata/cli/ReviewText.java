package dev.strata.cli;

import dev.strata.core.config.Durations;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.MigrationReview;
import dev.strata.core.review.ObservedStatement;
import dev.strata.core.review.ReviewReport;
import java.io.PrintWriter;
import java.util.Locale;

/** The review for a terminal: per migration a verdict line, findings, answers; then a summary. */
final class ReviewText {
  private ReviewText() {}

  static void print(PrintWriter out, ReviewReport report, boolean withObservedStatements) {
    if (report.migrations().isEmpty()) {
      out.println("No pending migrations to review.");
      return;
    }
    out.println(
        report.observed()
            ? "Observed on "
                + report.shadow().orElse("a shadow database")
                + (report.sampleRows() > 0
                    ? ", with up to "
                        + report.sampleRows()
                        + " rows per table copied from the target"
                    : "")
                + "."
            : "Text rules only: nothing was run on a shadow database.");
    report.notes().forEach(n -> out.println("Note: " + n));
    for (MigrationReview m : report.migrations()) {
      out.println();
      out.println(
          m.migration() + "  " + m.verdict().toUpperCase(Locale.ROOT) + "  (" + counts(m) + ")");
      for (Finding f : m.findings()) {
        out.println(
            "  "
                + pad(f.level().word(), 8)
                + pad(f.code(), 28)
                + f.location()
                + (f.evidence() == Finding.Evidence.OBSERVED ? "  [observed]" : ""));
        out.println("           " + f.summary());
        out.println("           why: " + f.why());
        if (!f.fix().isEmpty()) out.println("           fix: " + f.fix());
      }
      out.println("  Idempotent?           " + m.answers().idempotent());
      out.println("  Backward compatible?  " + m.answers().backwardCompatible());
      out.println("  Reversible?           " + m.answers().reversible());
      out.println("  Locks taken?          " + m.answers().locks());
      out.println("  Data at risk?         " + m.answers().dataAtRisk());
      if (withObservedStatements && m.observation().isPresent()) {
        out.println("  Observed, statement by statement:");
        for (ObservedStatement s : m.observation().get().statements()) {
          out.println(
              "    line "
                  + pad(String.valueOf(s.line()), 5)
                  + pad(s.millis() + " ms", 9)
                  + s.sql()
                  + (s.locks().isEmpty()
                      ? ""
                      : "  -- "
                          + String.join(
                              ", ",
                              s.locks().stream().map(l -> l.mode() + " " + l.table()).toList())));
        }
      }
    }
    out.println();
    out.println("Summary");
    int width =
        Math.max(
            "MIGRATION".length(),
            report.migrations().stream().mapToInt(m -> m.migration().length()).max().orElse(0));
    out.println(
        "  "
            + pad("MIGRATION", width + 2)
            + pad("VERDICT", 9)
            + pad("ERRORS", 8)
            + pad("WARNINGS", 10)
            + "INFO");
    for (MigrationReview m : report.migrations()) {
      out.println(
          "  "
              + pad(m.migration(), width + 2)
              + pad(m.verdict(), 9)
              + pad(String.valueOf(m.count(Level.ERROR)), 8)
              + pad(String.valueOf(m.count(Level.WARNING)), 10)
              + m.count(Level.INFO));
    }
    out.println();
    out.println(
        "Reviewed "
            + report.migrations().size()
            + " migration"
            + (report.migrations().size() == 1 ? "" : "s")
            + " in "
            + Durations.format(report.millis())
            + ": "
            + totals(report)
            + ".");
  }

  /**
   * The review as deploy shows it before applying, on the progress stream: one line of totals, one
   * line per error or warning.
   */
  static void brief(Console console, ReviewReport report) {
    if (report.migrations().isEmpty()) {
      report.notes().forEach(n -> console.progress("(" + n + ")"));
      return;
    }
    console.progress(
        "Review of "
            + report.migrations().size()
            + " migration"
            + (report.migrations().size() == 1 ? "" : "s")
            + (report.observed() ? " (observed on a shadow database)" : " (text rules)")
            + ": "
            + totals(report)
            + " ("
            + Durations.format(report.millis())
            + ").");
    report.notes().forEach(n -> console.progress("  note: " + n));
    for (Finding f : report.findings()) {
      if (f.level() == Level.INFO) continue;
      console.progress(
          "  " + f.level().word() + " " + f.code() + " " + f.location() + ": " + f.summary());
    }
  }

  static String totals(ReviewReport report) {
    return plural(report.count(Level.ERROR), "error")
        + ", "
        + plural(report.count(Level.WARNING), "warning")
        + ", "
        + plural(report.count(Level.INFO), "info");
  }

  private static String counts(MigrationReview m) {
    return plural(m.count(Level.ERROR), "error")
        + ", "
        + plural(m.count(Level.WARNING), "warning")
        + ", "
        + plural(m.count(Level.INFO), "info");
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}

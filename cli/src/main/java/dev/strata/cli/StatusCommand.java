package dev.strata.cli;

import dev.strata.core.plan.MigrationState;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strata status}: where the database stands against the migrations folder. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List every migration with its state: pending, applied, failed, interrupted, rolled_back, modified, missing.",
      "Exit 0 when up to date, 3 when migrations are pending, 4 when one failed, was modified or is missing."
    })
final class StatusCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    StatusReport report = strata.status();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeBooleanField("upToDate", report.upToDate());
            g.writeStringField("historyTable", report.historyTable().toString());
            g.writeArrayFieldStart("migrations");
            for (MigrationStatus s : report.migrations()) {
              g.writeStartObject();
              g.writeStringField("name", s.name());
              g.writeStringField("state", s.state().word());
              if (s.latest().isPresent()) {
                Json.instant(g, "startedAt", s.latest().get().startedAt());
                Json.instant(g, "finishedAt", s.latest().get().finishedAt());
                g.writeNumberField("appliedSteps", s.latest().get().appliedStepsCount());
                if (s.latest().get().logs() != null)
                  g.writeStringField("logs", s.latest().get().logs());
              }
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : report.warnings()) g.writeString(w);
            g.writeEndArray();
            g.writeNumberField("exitCode", report.exitCode().code());
            g.writeEndObject();
          });
      return report.exitCode().code();
    }
    report.warnings().forEach(console::warn);
    var out = console.out();
    long inFolder = report.migrations().stream().filter(s -> s.migration().isPresent()).count();
    out.println(
        inFolder
            + " migration"
            + (inFolder == 1 ? "" : "s")
            + " found in "
            + Paths.display(strata.settings().dir())
            + "; history in "
            + report.historyTable()
            + ".");
    out.println();
    for (MigrationStatus s : report.migrations()) {
      out.printf("  %-12s %s%n", s.state().word(), s.name());
    }
    out.println();
    explain(report, out);
    out.flush();
    return report.exitCode().code();
  }

  private static void explain(StatusReport report, java.io.PrintWriter out) {
    if (report.upToDate()) {
      out.println("Database schema is up to date.");
      return;
    }
    for (MigrationStatus s : report.inState(MigrationState.FAILED)) {
      out.println(
          "Migration `"
              + s.name()
              + "` failed"
              + s.latest()
                  .map(r -> r.logs())
                  .filter(l -> l != null && !l.isBlank())
                  .map(l -> ":\n    " + String.join("\n    ", l.lines().toList()))
                  .orElse(".")
              + "\n  Fix the cause, then `strata resolve --rolled-back "
              + s.name()
              + "` (retry it) or `--applied "
              + s.name()
              + "` (if you completed it by hand).");
    }
    for (MigrationStatus s : report.inState(MigrationState.MODIFIED)) {
      out.println(
          "Migration `"
              + s.name()
              + "` was modified after it was applied. Restore the applied version;"
              + " put new changes in a new migration.");
    }
    for (MigrationStatus s : report.inState(MigrationState.MISSING)) {
      out.println(
          "Migration `"
              + s.name()
              + "` is applied in the database but missing from the migrations folder.");
    }
    for (MigrationStatus s : report.inState(MigrationState.INTERRUPTED)) {
      out.println(
          "Migration `"
              + s.name()
              + "` was interrupted after "
              + s.latest().get().appliedStepsCount()
              + " step(s) (or is being applied right now); `strata deploy` resumes it.");
    }
    List<MigrationStatus> toApply = report.toApply();
    if (!toApply.isEmpty()) {
      out.println("The following migration(s) have not yet been applied:");
      for (MigrationStatus s : toApply) out.println("  " + s.name());
      out.println("Run `strata deploy` to apply them.");
    }
  }
}

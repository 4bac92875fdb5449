package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.plan.MigrationState;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.schema.Drift;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata status}: where the database stands against the migrations folder. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List every migration with its state, and check drift.",
      "States: pending, applied, failed, interrupted, rolled_back, modified, missing. Drift is the"
          + " live schema against the one the applied migrations build in a shadow database: on"
          + " --shadow-url, else on the target's own server when its user may create databases,"
          + " else on the embedded PostgreSQL; catalogs of two major versions are never compared.",
      "Exit 0 when up to date, 3 when migrations are pending, 4 when one failed, was modified or is"
          + " missing, or the schema drifted."
    })
final class StatusCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(names = "--no-drift", description = "Skip the drift check (no shadow database).")
  boolean noDrift;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    StatusReport report;
    Drift drift;
    if (noDrift) {
      report = strata.status();
      drift = Drift.skipped("drift not checked (--no-drift)");
    } else {
      var standing = strata.statusWithDrift();
      report = standing.report();
      drift = standing.drift();
    }
    int exit =
        drift.drifted() && report.exitCode() != ExitCode.NEEDS_ATTENTION
            ? ExitCode.NEEDS_ATTENTION.code()
            : report.exitCode().code();
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
                if (!s.latest().get().failureLog().isEmpty())
                  g.writeStringField("logs", s.latest().get().failureLog());
              }
              var applying = report.beingApplied(s.name());
              if (applying.isPresent()) {
                g.writeObjectFieldStart("beingApplied");
                g.writeNumberField("pid", applying.get().pid().orElse(0));
                Json.instant(g, "since", applying.get().since().orElse(null));
                g.writeBooleanField("orphaned", applying.get().orphaned());
                g.writeEndObject();
              }
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : report.warnings()) g.writeString(w);
            g.writeEndArray();
            if (report.deployInProgress().isPresent())
              g.writeStringField("deployLockHeldBy", report.deployInProgress().get().describe());
            g.writeObjectFieldStart("drift");
            g.writeBooleanField("checked", drift.changes().isPresent());
            g.writeBooleanField("drifted", drift.drifted());
            if (drift.skipped().isPresent()) g.writeStringField("skipped", drift.skipped().get());
            if (drift.changes().isPresent()) {
              SchemaJson.changes(g, "changes", drift.changes().get());
              g.writeStringField("sql", drift.changes().get().sql());
            }
            g.writeEndObject();
            g.writeNumberField("exitCode", exit);
            g.writeEndObject();
          });
      return exit;
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
      out.printf(
          "  %-12s %s%s%n",
          s.state().word(),
          s.name(),
          report
              .beingApplied(s.name())
              .map(h -> "  (being applied by " + h.describe() + ")")
              .orElse(""));
    }
    report
        .deployInProgress()
        .filter(
            h ->
                report.migrations().stream()
                    .noneMatch(s -> report.beingApplied(s.name()).isPresent()))
        .ifPresent(
            h ->
                out.printf(
                    "%n  A deploy is in progress: the deploy lock is held by %s.%n", h.describe()));
    out.println();
    explain(report, drift.drifted(), out);
    explain(drift, out);
    out.flush();
    return exit;
  }

  private static void explain(Drift drift, java.io.PrintWriter out) {
    if (drift.skipped().isPresent()) {
      out.println("(" + drift.skipped().get() + ")");
      return;
    }
    if (!drift.drifted()) {
      out.println("No drift: the schema is what the applied migrations build.");
      return;
    }
    var changes = drift.changes().get();
    out.println();
    out.println(
        "Your database schema has drifted: "
            + changes.changes().size()
            + " change(s) were made outside the migrations:");
    SchemaJson.words(out, changes);
    out.println();
    out.println("As SQL (from what the migrations build to what the database has):");
    out.println();
    for (String line : changes.sql().strip().split("\n")) out.println("    " + line);
    out.println();
    out.println(
        "Put these changes in a migration (or undo them in the database), so that the"
            + " migrations describe the schema again.");
  }

  /**
   * @param drifted the schema drifted: "up to date" would contradict the drift printed next
   */
  private static void explain(StatusReport report, boolean drifted, java.io.PrintWriter out) {
    if (report.upToDate()) {
      out.println(
          drifted
              ? "Every migration is applied, but the schema is not what they build (see below)."
              : "Database schema is up to date.");
      return;
    }
    for (MigrationStatus s : report.inState(MigrationState.FAILED)) {
      out.println(
          "Migration `"
              + s.name()
              + "` failed"
              + s.latest()
                  .map(r -> r.failureLog())
                  .filter(l -> !l.isBlank())
                  .map(l -> ":\n    " + String.join("\n    ", l.lines().toList()))
                  .orElse(".")
              + "\n  Fix the cause, then `strata resolve --rolled-back "
              + s.name()
              + "` (retry it) or `--applied "
              + s.name()
              + "` (if you completed it by hand)"
              + (s.latest().get().appliedStepsCount() > 0
                  ? ", or `--resume " + s.name() + "` (continue after its applied statements)."
                  : "."));
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
      var applying = report.beingApplied(s.name());
      out.println(
          "Migration `"
              + s.name()
              + "` "
              + (applying.isPresent()
                  ? "is being applied by " + applying.get().describe() + "; "
                  : "was interrupted; ")
              + s.latest().get().appliedStepsCount()
              + " statement(s) are recorded as applied"
              + s.latest()
                  .get()
                  .progress()
                  .filter(p -> p.inFlight().isPresent())
                  .map(
                      p ->
                          ", and statement "
                              + p.inFlight().getAsInt()
                              + " was running outside a transaction")
                  .orElse("")
              + "; `strata deploy` resumes it.");
    }
    List<MigrationStatus> toApply = report.toApply();
    if (!toApply.isEmpty()) {
      out.println("The following migration(s) have not yet been applied:");
      for (MigrationStatus s : toApply) out.println("  " + s.name());
      out.println("Run `strata deploy` to apply them.");
    }
  }
}

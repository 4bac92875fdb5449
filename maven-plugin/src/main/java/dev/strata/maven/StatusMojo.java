package dev.strata.maven;

import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.schema.Drift;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code strata:status}: every migration with its state, and drift. Fails the build when a
 * migration failed, changed or went missing, or the schema drifted; with {@code failOnPending},
 * also when migrations are pending.
 */
@Mojo(name = "status", threadSafe = true, requiresProject = true)
public class StatusMojo extends StrataMojo {
  @Parameter(property = "strata.failOnPending", defaultValue = "false")
  boolean failOnPending;

  /** Skips the drift check (no shadow database). */
  @Parameter(property = "strata.noDrift", defaultValue = "false")
  boolean noDrift;

  @Override
  void run(Strata strata) throws MojoFailureException {
    StatusReport report = strata.status();
    getLog().info("history in " + report.historyTable());
    for (MigrationStatus s : report.migrations()) {
      getLog().info(String.format("  %-12s %s", s.state().word(), s.name()));
    }
    report.warnings().forEach(getLog()::warn);
    if (!report.needingAttention().isEmpty()) {
      throw failure(
          ExitCode.NEEDS_ATTENTION,
          "migration `"
              + report.needingAttention().get(0).name()
              + "` is "
              + report.needingAttention().get(0).state().word()
              + "; run `strata status` for what to do");
    }
    if (!report.toApply().isEmpty()) {
      String message = report.toApply().size() + " migration(s) pending";
      if (failOnPending) throw failure(ExitCode.PENDING, message);
      getLog().info(message);
      return;
    }
    getLog().info("Database schema is up to date.");
    if (noDrift) return;
    Drift drift = strata.drift(report);
    if (drift.changes().isEmpty()) {
      getLog().info(drift.skipped().orElse("drift not checked"));
    } else if (!drift.changes().get().isEmpty()) {
      throw failure(
          ExitCode.NEEDS_ATTENTION,
          "drift: the live schema differs from what the migrations build in "
              + drift.changes().get().changes().size()
              + " place(s); `strata status` shows the SQL");
    } else {
      getLog().info("No drift: the schema is what the applied migrations build.");
    }
  }
}

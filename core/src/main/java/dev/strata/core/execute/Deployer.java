package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.LockHolder;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.plan.MigrationState;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.MigrationSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deploy policy: under the deploy lock, refuse when a migration failed, changed or went
 * missing, then apply what is pending in order, each migration in its own transaction or, with
 * {@code atomic}, all in one.
 */
public final class Deployer {
  private final Database database;
  private final HistoryTable table;

  public Deployer(Database database, HistoryTable table) {
    this.database = database;
    this.table = table;
  }

  public DeployResult deploy(
      MigrationSet set, boolean atomic, Duration lockWait, DeployListener listener) {
    return deploy(set, new DeployOptions(atomic, lockWait, RunLimits.NONE), listener);
  }

  public DeployResult deploy(MigrationSet set, DeployOptions options, DeployListener listener) {
    if (options.terminateOrphan()) terminateOrphan(listener);
    try (Database.DeployLock lock =
        database.lock(table, options.lockWait(), listener::waitingForLock)) {
      HistoryStore history = database.history(table);
      history.createIfMissing();
      StatusReport report = Planner.plan(table, set, history.list());
      refuseWhatNeedsAttention(report);

      ScriptSession session = database.scripts(table, options.limits(), listener::note);
      List<ScriptPlan> plans = new ArrayList<>();
      for (MigrationStatus status : report.toApply())
        plans.add(session.analyze(status.migration().orElseThrow()));
      if (plans.isEmpty())
        return new DeployResult(database.description(), List.of(), report.warnings());
      options.gate().check(plans, report);
      listener.applying(plans);

      MigrationExecutor executor =
          new MigrationExecutor(
              session, history, options.limits(), options.cancellation(), listener);
      List<DeployResult.Applied> applied = new ArrayList<>();
      // Registered for the whole run, so a Ctrl-C between two migrations also waits for the
      // deploy to stop cleanly instead of exiting.
      try (var running = options.cancellation().whileRunning(session::cancel)) {
        if (options.atomic()) {
          refuseInterruptedForAtomic(report);
          List<String> blockers = session.whyNotAtomic(plans);
          if (!blockers.isEmpty()) {
            throw new StrataException(
                ExitCode.REFUSED,
                "--atomic refused, nothing was run: "
                    + String.join("; ", blockers)
                    + ". Deploy without --atomic to run each migration on its own.");
          }
          long start = System.nanoTime();
          executor.applyAtomically(plans);
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          for (ScriptPlan plan : plans)
            applied.add(new DeployResult.Applied(plan.migration().name(), took, true));
        } else {
          for (int i = 0; i < plans.size(); i++) {
            ScriptPlan plan = plans.get(i);
            MigrationStatus status = report.toApply().get(i);
            Optional<AppliedMigration> interrupted =
                status.state() == MigrationState.INTERRUPTED ? status.latest() : Optional.empty();
            long start = System.nanoTime();
            executor.apply(plan, interrupted);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            listener.applied(plan, took);
            applied.add(
                new DeployResult.Applied(plan.migration().name(), took, plan.transactional()));
          }
        }
      } catch (StrataException e) {
        if (e.exitCode() != ExitCode.INTERRUPTED) throw e;
        throw new StrataException(
            ExitCode.INTERRUPTED,
            "Interrupted. "
                + (applied.isEmpty()
                    ? "No migration was applied by this deploy"
                    : "Applied before the interruption: "
                        + String.join(
                            ", ", applied.stream().map(DeployResult.Applied::name).toList()))
                + ". "
                + e.getMessage()
                + " Run `strata deploy` to continue.",
            e);
      }
      return new DeployResult(database.description(), applied, report.warnings());
    }
  }

  /**
   * Ends a session holding the deploy lock whose deployer process is known to be dead; a holder
   * that may be alive, or whose deployer runs elsewhere, is waited for as usual.
   */
  private void terminateOrphan(DeployListener listener) {
    database
        .lockHolder(table)
        .filter(LockHolder::orphaned)
        .ifPresent(
            holder -> {
              if (database.terminate(holder)) listener.terminatedOrphan(holder);
            });
  }

  private static void refuseWhatNeedsAttention(StatusReport report) {
    for (MigrationStatus status : report.needingAttention()) {
      String name = status.name();
      switch (status.state()) {
        case FAILED ->
            throw new StrataException(
                ExitCode.NEEDS_ATTENTION,
                "Migration `"
                    + name
                    + "` failed in an earlier deploy"
                    + firstLogLine(status)
                    + ". Nothing was run. Fix the database, then run"
                    + " `strata resolve --rolled-back "
                    + name
                    + "` to retry it, or `strata resolve --applied "
                    + name
                    + "` if you completed it by hand.");
        case MODIFIED ->
            throw new StrataException(
                ExitCode.NEEDS_ATTENTION,
                "Migration `"
                    + name
                    + "` was modified after it was applied (checksum differs). Nothing was run. Restore "
                    + status.migration().map(m -> m.script().toString()).orElse(name)
                    + " to the applied version, and put new changes in a new migration (`strata new NAME`).");
        case MISSING ->
            throw new StrataException(
                ExitCode.NEEDS_ATTENTION,
                "Migration `"
                    + name
                    + "` is applied in the database but not in the migrations folder. Nothing was run. Check that --dir"
                    + " and the database URL belong together, or restore the missing migration.");
        default -> throw new IllegalStateException("not a blocking state: " + status.state());
      }
    }
  }

  private static void refuseInterruptedForAtomic(StatusReport report) {
    for (MigrationStatus status : report.inState(MigrationState.INTERRUPTED)) {
      throw new StrataException(
          ExitCode.REFUSED,
          "--atomic refused, nothing was run: migration `"
              + status.name()
              + "` was interrupted part-way and must resume on its own. Deploy without --atomic.");
    }
  }

  private static String firstLogLine(MigrationStatus status) {
    return status
        .latest()
        .map(AppliedMigration::failureLog)
        .filter(logs -> !logs.isBlank())
        .map(logs -> " (" + logs.lines().findFirst().orElse("").trim() + ")")
        .orElse("");
  }
}

package dev.strata.core.production;

import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.Compression;
import dev.strata.core.backup.Confirmation;
import dev.strata.core.backup.RestoreOptions;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployResult;
import dev.strata.core.execute.MigrationFailedException;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's production migration procedure: pre-flight checks, a verified backup, status,
 * confirmation, deploy, verification, and on failure an automatic restore of that backup, so the
 * database after a failed run equals the database before it.
 */
public final class ProductionPipeline {
  /**
   * The review of the pending migrations, before the backup: a hazard stops the run with nothing
   * changed.
   */
  private void review(ProductionOptions options, ProductionListener listener) {
    var policy = options.review();
    if (policy.mode() == dev.strata.core.review.ReviewPolicy.Mode.OFF) {
      listener.warning("review skipped: --review off");
      return;
    }
    var review = strata.reviewBeforeDeploy(policy, options.deploy().limits().lockTimeout());
    if (review.migrations().isEmpty()) {
      for (String note : review.notes()) listener.warning(note);
      return;
    }
    listener.info(
        "review: "
            + review.migrations().size()
            + " pending migration(s), "
            + review.count(dev.strata.core.review.Level.ERROR)
            + " error(s), "
            + review.count(dev.strata.core.review.Level.WARNING)
            + " warning(s)"
            + (review.observed() ? ", observed on a shadow database" : ", text rules only"));
    for (String note : review.notes()) listener.info("  note: " + note);
    for (var f : review.findings()) {
      if (f.level() == dev.strata.core.review.Level.INFO) continue;
      String line = f.code() + " " + f.location() + ": " + f.summary();
      if (f.level() == dev.strata.core.review.Level.ERROR
          && !policy.allowedHazards().contains(f.code())) {
        listener.info("FAILED: review " + line);
      } else {
        listener.warning(line);
      }
    }
    review.refuseHazards(policy.allowedHazards());
  }

  private final Strata strata;

  public ProductionPipeline(Strata strata) {
    this.strata = strata;
  }

  public ProductionResult run(
      ProductionOptions options,
      ProductionListener listener,
      Approval approval,
      Confirmation restoreConfirmation,
      DeployListener deployListener) {
    listener.step(1, "Pre-flight Checks");
    var doctor = strata.doctor(options.backupPath());
    for (var check : doctor.checks()) {
      String line = check.name() + ": " + check.detail().lines().findFirst().orElse("");
      String action = check.action().isEmpty() ? "" : " -> " + check.action();
      switch (check.status()) {
        case PASSED -> listener.info("passed: " + line);
        case WARNING -> listener.warning(line + action);
        case FAILED -> listener.info("FAILED: " + line + action);
      }
    }
    if (!doctor.passed()) {
      var failed =
          doctor.checks().stream()
              .filter(c -> c.status() == dev.strata.core.doctor.Check.Status.FAILED)
              .toList();
      throw new StrataException(
          doctor.exitCode(),
          "Pre-flight checks failed, nothing was changed: "
              + failed.stream()
                  .map(c -> c.name() + " (" + c.detail().lines().findFirst().orElse("") + ")")
                  .toList()
              + ". Run `strata doctor` for what to do.");
    }
    review(options, listener);
    StatusReport before = strata.status();
    List<String> verifications = readVerifySql(options);

    listener.step(2, "Creating Pre-Migration Backup");
    BackupResult backup =
        strata.backup(
            new BackupRequest(
                options.backupPath(), Compression.GZIP, options.jobs(), 0, options.strataVersion()),
            BackupListener.NONE);
    RunRecord record =
        new RunRecord(backup.file().resolveSibling(backup.file().getFileName() + ".run.jsonl"));
    record.event("backup", backup.file().toString());
    listener.info("Backup created successfully: " + backup.file());

    listener.step(3, "Checking Migration Status");
    List<String> pending = before.toApply().stream().map(MigrationStatus::name).toList();
    if (pending.isEmpty()) {
      listener.info("Database schema is up to date.");
      record.event("up-to-date", "nothing to apply");
      return new ProductionResult(backup.file(), List.of(), List.of(), record.file());
    }
    listener.info("The following migration(s) have not yet been applied:");
    pending.forEach(name -> listener.info("  " + name));
    record.event("pending", String.join(",", pending));

    listener.step(4, "Confirmation");
    if (options.force()) listener.info("Skipped: --force.");
    if (!options.force()
        && !approval.approve(strata.databaseName(), pending, options.production())) {
      record.event("refused", "deploy not confirmed");
      throw new StrataException(
          ExitCode.REFUSED,
          "Deploy was not confirmed; nothing was changed. The backup"
              + " taken is "
              + backup.file()
              + ". Run on a terminal to confirm, or pass --force.");
    }

    listener.step(5, "Running Database Migration");
    DeployResult deployed;
    try {
      deployed = strata.deploy(options.deploy(), deployListener);
      record.event(
          "deployed", String.join(",", deployed.applied().stream().map(a -> a.name()).toList()));
      listener.info("Migration completed successfully!");
    } catch (StrataException e) {
      if (e.exitCode() == ExitCode.INTERRUPTED) {
        // Stopped on request: what ran was rolled back or recorded; restoring now would be a
        // second long operation the person did not ask for. Say how to return to the backup.
        record.event("interrupted", e.getMessage());
        throw new StrataException(
            ExitCode.INTERRUPTED,
            e.getMessage()
                + " The backup taken before the deploy is "
                + backup.file()
                + "; to return to it, run `strata restore "
                + backup.file()
                + "`.",
            e);
      }
      record.event("deploy-failed", e.getMessage());
      throw rollBack(options, listener, restoreConfirmation, backup, record, e, true);
    }

    listener.step(6, "Verifying Migration Success");
    List<String> checks = new ArrayList<>();
    try {
      StatusReport after = strata.status();
      if (!after.upToDate()) {
        throw new StrataException(
            ExitCode.NEEDS_ATTENTION,
            "after the deploy, status is not up to date: "
                + after.migrations().stream()
                    .filter(s -> !s.state().word().equals("applied"))
                    .map(s -> s.name() + " " + s.state().word())
                    .toList());
      }
      checks.add("status is up to date; every applied migration's checksum matches");
      List<String> failed = strata.failedAssertions(verifications);
      if (!failed.isEmpty()) {
        throw new StrataException(
            ExitCode.FAILED, "verification failed: " + String.join("; ", failed));
      }
      if (!verifications.isEmpty())
        checks.add(verifications.size() + " --verify-sql assertions hold");
      record.event("verified", String.join("; ", checks));
      listener.info("Migration verification successful!");
    } catch (StrataException e) {
      record.event("verify-failed", e.getMessage());
      throw rollBack(options, listener, restoreConfirmation, backup, record, e, false);
    }
    return new ProductionResult(
        backup.file(),
        deployed.applied().stream().map(a -> a.name()).toList(),
        checks,
        record.file());
  }

  /**
   * Restores the step-2 backup after a failed deploy or verification, and reports what happened.
   */
  private StrataException rollBack(
      ProductionOptions options,
      ProductionListener listener,
      Confirmation confirmation,
      BackupResult backup,
      RunRecord record,
      StrataException cause,
      boolean inDeploy) {
    listener.step(7, "Automatic Rollback");
    if (inDeploy && options.deploy().atomic()) {
      record.event("no-restore", "the --atomic batch was rolled back by its transaction");
      listener.info(
          "Nothing to restore: the whole batch ran in one transaction (--atomic) and was rolled back.");
      return new StrataException(
          cause.exitCode(),
          "Production migration failed: "
              + cause.getMessage()
              + " Nothing was changed (--atomic). Backup: "
              + backup.file(),
          cause);
    }
    try {
      var outcome =
          strata.restore(
              backup.file(),
              new RestoreOptions(
                  options.force(),
                  options.production(),
                  false,
                  backup.file().getParent(),
                  options.jobs(),
                  true,
                  false),
              confirmation,
              BackupListener.NONE);
      record.event("restored", backup.file().toString());
      if (cause instanceof MigrationFailedException failed) {
        strata.recordRolledBackFailure(failed.migrationName(), cause.getMessage());
      }
      listener.info(
          "Restored " + backup.file() + " (" + String.join("; ", outcome.result().checks()) + ").");
      // The restore took the history back too; a failed migration is then marked rolled back, so
      // the deploy's own advice (resolve it) no longer applies.
      String what =
          cause instanceof MigrationFailedException failed ? failed.headline() : cause.getMessage();
      String history =
          cause instanceof MigrationFailedException failed
              ? ", and the history records `" + failed.migrationName() + "` as rolled back"
              : "";
      return new StrataException(
          ExitCode.FAILED,
          "Production migration failed: "
              + what
              + " The database was restored from the pre-migration backup "
              + backup.file()
              + "; it is as it was before the run"
              + history
              + ". Fix the cause and run `strata production` again.",
          cause);
    } catch (StrataException restoreFailed) {
      record.event("restore-failed", restoreFailed.getMessage());
      return new StrataException(
          ExitCode.FAILED,
          "Production migration failed: "
              + cause.getMessage()
              + " The automatic restore did not complete: "
              + restoreFailed.getMessage()
              + " Restore by hand with"
              + " `strata restore "
              + backup.file()
              + "`.",
          cause);
    }
  }

  private static List<String> readVerifySql(ProductionOptions options) {
    if (options.verifySql().isEmpty()) return List.of();
    Path file = options.verifySql().get();
    try {
      List<String> statements = new ArrayList<>();
      for (String part : Files.readString(file, StandardCharsets.UTF_8).split(";")) {
        String sql =
            part.lines()
                .filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b)
                .strip();
        if (!sql.isEmpty()) statements.add(sql);
      }
      return statements;
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot read --verify-sql " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryWrite;
import dev.strata.core.history.StepProgress;
import dev.strata.core.source.Migration;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a statement failure into what a person reads (where it failed, what stays applied, what to
 * run next) and records it in the history when the connection still allows.
 */
final class FailureReport {
  private final HistoryStore history;

  FailureReport(HistoryStore history) {
    this.history = history;
  }

  /** A migration run in one transaction failed; its transaction was rolled back. */
  StrataException transactional(ScriptPlan plan, StatementFailure f, String rolledBack) {
    Migration m = plan.migration();
    if (f.kind() == StatementFailure.Kind.CONNECTION_LOST) {
      return lostConnection(
          m,
          f,
          "The migration and its history row commit together, so `strata status` tells whether it"
              + " was applied; run `strata deploy` again to apply what is not.");
    }
    String location = location(plan, f);
    String logs = logs(m, location, f, rolledBack);
    record(
        () ->
            history.write(
                new HistoryWrite.FailedNew(newId(), m.name(), history.checksum(m), logs)));
    return failed(
        m,
        location,
        f,
        rolledBack
            + hint(f)
            + " Fix the migration or the database, then run `strata resolve --rolled-back "
            + m.name()
            + "` and deploy again.");
  }

  /** A migration run statement by statement failed after {@code progress}. */
  StrataException stepwise(ScriptPlan plan, String id, StepProgress progress, StatementFailure f) {
    Migration m = plan.migration();
    int done = progress.applied();
    int total = plan.size();
    if (f.kind() == StatementFailure.Kind.CONNECTION_LOST) {
      return lostConnection(
          m,
          f,
          (done == 0 ? "None of its " + total + " statements is" : statements(done, total) + " are")
              + " recorded as applied; statement "
              + (done + 1)
              + " ("
              + m.displayPath()
              + ":"
              + plan.step(Math.min(done, total - 1)).line()
              + ") may or may not have completed. Run `strata deploy` again: it resumes after the"
              + " recorded statements"
              + (progress.inFlight().isPresent()
                  ? " and first checks whether that statement took effect."
                  : "."));
    }
    String location = location(plan, f);
    String stays =
        done == 0
            ? "Nothing of it was applied."
            : statements(done, total)
                + (done == 1 ? " was applied and stays" : " were applied and stay")
                + " applied (this migration cannot run in one transaction).";
    String next =
        done == 0
            ? " Fix the migration or the database, then run `strata resolve --rolled-back "
                + m.name()
                + "` and deploy again."
            : " Fix the cause, then run `strata resolve --resume "
                + m.name()
                + "` and deploy again to continue with statement "
                + (done + 1)
                + ", or undo "
                + (done == 1 ? "statement 1" : "statements 1-" + done)
                + " by hand and run `strata resolve --rolled-back "
                + m.name()
                + "` to run it from the start.";
    String logs = logs(m, location, f, stays) + "\n" + progress.settled().line();
    record(() -> history.write(new HistoryWrite.Failed(id, logs)));
    return failed(m, location, f, stays + hint(f) + next);
  }

  /** A script that opened a transaction and never closed it. */
  StrataException leftOpen(ScriptPlan plan, String id, StepProgress progress) {
    Migration m = plan.migration();
    String location = m.displayPath();
    String consequence =
        "It opens a transaction that it never commits; that transaction was rolled back."
            + (progress.applied() > 0
                ? " " + statements(progress.applied(), plan.size()) + " stay applied."
                : "");
    record(
        () ->
            history.write(
                new HistoryWrite.Failed(
                    id,
                    "Migration `"
                        + m.name()
                        + "` failed at "
                        + location
                        + "\n"
                        + consequence
                        + "\n"
                        + progress.settled().line())));
    return new MigrationFailedException(
        m.name(),
        location,
        "Migration `"
            + m.name()
            + "` failed at "
            + location
            + ": "
            + consequence
            + " Add the missing COMMIT, then run `strata resolve --rolled-back "
            + m.name()
            + "` and deploy again.",
        Optional.empty(),
        null);
  }

  /** A down script failed; nothing is written to the history. */
  static MigrationFailedException revert(ScriptPlan down, StatementFailure f, String consequence) {
    String location = location(down, f);
    return new MigrationFailedException(
        down.migration().name(),
        location,
        "Rollback of `"
            + down.migration().name()
            + "` failed at "
            + location
            + ": "
            + f.serverMessage()
            + state(f)
            + ". "
            + consequence,
        f.sqlState(),
        f);
  }

  static String statements(int done, int total) {
    return (done == 1 ? "Statement 1" : "Statements 1-" + done) + " of " + total;
  }

  /** {@code path:line} of the failure, or the path and when it happened outside a step. */
  static String location(ScriptPlan plan, StatementFailure f) {
    if (f.plan().isPresent() && f.step() >= 0) {
      ScriptPlan where = f.plan().get();
      int line = f.line() > 0 ? f.line() : where.step(f.step()).line();
      return where.migration().displayPath() + ":" + line;
    }
    return plan.migration().displayPath() + (f.where().isEmpty() ? "" : " (" + f.where() + ")");
  }

  private static String logs(Migration m, String location, StatementFailure f, String outcome) {
    return "Migration `"
        + m.name()
        + "` failed at "
        + location
        + "\n"
        + f.serverMessage()
        + state(f)
        + "\n"
        + outcome;
  }

  private static MigrationFailedException failed(
      Migration m, String location, StatementFailure f, String rest) {
    String headline =
        "Migration `"
            + m.name()
            + "` failed at "
            + location
            + ": "
            + f.serverMessage()
            + state(f)
            + ".";
    return new MigrationFailedException(
        m.name(), location, headline, headline + " " + rest, f.sqlState(), f);
  }

  private static MigrationFailedException lostConnection(
      Migration m, StatementFailure f, String rest) {
    return new MigrationFailedException(
        m.name(),
        m.displayPath(),
        "Lost the connection to the database while applying migration `"
            + m.name()
            + "`: "
            + f.serverMessage()
            + ". "
            + rest,
        f.sqlState(),
        f);
  }

  private static String state(StatementFailure f) {
    return f.sqlState().map(s -> " (SQLSTATE " + s + ")").orElse("");
  }

  private static String hint(StatementFailure f) {
    return "42501".equals(f.sqlState().orElse(""))
        ? " The database user lacks a privilege: grant it (GRANT CREATE ON SCHEMA …, or make it the"
            + " table's owner)."
        : "";
  }

  /** Records a failure; a failure to record it must not hide the migration's own error. */
  private static void record(Runnable write) {
    try {
      write.run();
    } catch (StrataException e) {
      // The migration's error is what the person needs; the history write failed too (a lost
      // connection, usually), and the next deploy finds the migration as it really stands.
    }
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Why a deploy stopped on Ctrl-C, with where the current migration stands. */
  static StrataException interrupted(String where) {
    return new StrataException(ExitCode.INTERRUPTED, where);
  }
}

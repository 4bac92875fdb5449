package dev.strata.core.execute;

import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies migrations through a dialect's {@link ScriptSession}, exactly once: a migration that can
 * run in one transaction commits together with its history row; one that cannot runs step by step
 * ({@link StepwiseRun}), each step committing with its step count. Lock timeouts are retried,
 * failures recorded with file and line, and a {@link Cancellation} stops the run with the server's
 * work rolled back.
 */
public final class MigrationExecutor {
  private final ScriptSession session;
  private final HistoryStore history;
  private final RunLimits limits;
  private final Cancellation cancellation;
  private final DeployListener listener;
  private final FailureReport failures;

  public MigrationExecutor(
      ScriptSession session,
      HistoryStore history,
      RunLimits limits,
      Cancellation cancellation,
      DeployListener listener) {
    this.session = session;
    this.history = history;
    this.limits = limits;
    this.cancellation = cancellation;
    this.listener = listener;
    this.failures = new FailureReport(history);
  }

  /**
   * Applies one migration and records it. {@code interrupted} is the unfinished history row of an
   * earlier attempt, if any: a migration that ran statement by statement resumes after its recorded
   * steps; one that recorded none starts again.
   *
   * @throws MigrationFailedException when a statement fails; the failure is recorded
   * @throws dev.strata.core.StrataException INTERRUPTED when the cancellation was requested
   */
  public void apply(ScriptPlan plan, Optional<AppliedMigration> interrupted) {
    checkNotCancelled(plan, "nothing of it was applied.");
    boolean resumes =
        interrupted.isPresent()
            && (interrupted.get().appliedStepsCount() > 0
                || interrupted.get().progress().filter(p -> p.inFlight().isPresent()).isPresent());
    if (plan.transactional() && !resumes) {
      // An attempt that recorded no step left nothing behind (a killed transaction rolls back):
      // close its row and run the whole script again.
      interrupted.ifPresent(row -> history.write(new HistoryWrite.RolledBack(row.id())));
      listener.starting(plan, 0);
      if (applyInOneTransaction(plan)) return;
      stepwise().apply(plan, Optional.empty());
      return;
    }
    stepwise().apply(plan, interrupted);
  }

  private StepwiseRun stepwise() {
    return new StepwiseRun(session, history, limits, cancellation, listener, failures);
  }

  /**
   * Returns false when the server said a statement cannot run in a transaction block (the text did
   * not show it): nothing was applied, and the caller runs the migration statement by statement.
   */
  private boolean applyInOneTransaction(ScriptPlan plan) {
    String id = FailureReport.newId();
    List<Part> parts =
        List.of(
            Part.BEGIN,
            new Part.Steps(plan, 0, plan.size()),
            new Part.Write(
                new HistoryWrite.Applied(
                    id,
                    plan.migration().name(),
                    history.checksum(plan.migration()),
                    plan.size(),
                    Optional.empty())),
            Part.COMMIT);
    for (int attempt = 1; ; attempt++) {
      try (var running = cancellation.whileRunning(session::cancel)) {
        session.run(parts);
        return true;
      } catch (StatementFailure f) {
        session.rollback();
        if (interruptedByUs(f)) {
          throw FailureReport.interrupted(
              "Migration `"
                  + plan.migration().name()
                  + "` was cancelled on the server and its transaction rolled back: nothing of it"
                  + " was applied.");
        }
        if (f.kind() == StatementFailure.Kind.LOCK_TIMEOUT && attempt <= limits.retries()) {
          listener.retrying(plan, attempt + 1, limits.retries() + 1, f.serverMessage());
          pause(attempt);
          continue;
        }
        if (f.kind() == StatementFailure.Kind.MUST_RUN_ALONE && f.step() >= 0) {
          listener.note(
              plan,
              "line "
                  + plan.step(f.step()).line()
                  + " cannot run inside a transaction block ("
                  + f.serverMessage()
                  + "): nothing was applied; running the migration statement by statement");
          return false;
        }
        throw failures.transactional(
            plan,
            f,
            "Its transaction was rolled back: nothing of it was applied"
                + (f.kind() == StatementFailure.Kind.LOCK_TIMEOUT && limits.retries() > 0
                    ? " (tried " + (limits.retries() + 1) + " times)."
                    : "."));
      }
    }
  }

  /**
   * Applies all plans, and records them, in one transaction; on failure nothing is applied and the
   * failing migration is recorded as failed.
   */
  public void applyAtomically(List<ScriptPlan> plans) {
    checkNotCancelled(plans.get(0), "nothing was applied.");
    List<Part> parts = new ArrayList<>();
    parts.add(Part.BEGIN);
    Optional<String> previous = Optional.empty();
    for (ScriptPlan plan : plans) {
      String id = FailureReport.newId();
      parts.add(new Part.Steps(plan, 0, plan.size()));
      parts.add(
          new Part.Write(
              new HistoryWrite.Applied(
                  id,
                  plan.migration().name(),
                  history.checksum(plan.migration()),
                  plan.size(),
                  previous)));
      previous = Optional.of(id);
    }
    parts.add(Part.COMMIT);
    listener.startingAtomically(plans);
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      try (var running = cancellation.whileRunning(session::cancel)) {
        session.run(parts);
        listener.appliedAtomically(plans, Duration.ofNanos(System.nanoTime() - start));
        return;
      } catch (StatementFailure f) {
        session.rollback();
        if (interruptedByUs(f)) {
          throw FailureReport.interrupted(
              "The batch was cancelled on the server and its transaction rolled back (--atomic):"
                  + " nothing was applied.");
        }
        if (f.kind() == StatementFailure.Kind.LOCK_TIMEOUT && attempt <= limits.retries()) {
          listener.retrying(plans.get(0), attempt + 1, limits.retries() + 1, f.serverMessage());
          pause(attempt);
          continue;
        }
        ScriptPlan failed = f.plan().orElse(plans.get(plans.size() - 1));
        throw failures.transactional(
            failed, f, "The whole batch was rolled back (--atomic): nothing was applied.");
      }
    }
  }

  /**
   * Runs a migration's down script and marks its history row rolled back: in one transaction when
   * the script allows it (a failure then changes nothing), else statement by statement. A failure
   * is not written to the history.
   */
  public void revert(ScriptPlan down, AppliedMigration applied) {
    HistoryWrite rolledBack = new HistoryWrite.RolledBack(applied.id());
    if (down.transactional()) {
      try (var running = cancellation.whileRunning(session::cancel)) {
        session.run(
            List.of(
                Part.BEGIN,
                new Part.Steps(down, 0, down.size()),
                new Part.Write(rolledBack),
                Part.COMMIT));
        return;
      } catch (StatementFailure f) {
        session.rollback();
        throw FailureReport.revert(
            down, f, "Its transaction was rolled back: nothing was changed.");
      }
    }
    for (int i = 0; i < down.size(); i++) {
      try (var running = cancellation.whileRunning(session::cancel)) {
        session.run(List.of(new Part.Steps(down, i, i + 1)));
      } catch (StatementFailure f) {
        session.rollback();
        throw FailureReport.revert(
            down,
            f,
            (i == 0
                    ? "Nothing of it was applied"
                    : FailureReport.statements(i, down.size())
                        + " of it were applied (it cannot run in one transaction)")
                + "; the migration is still recorded as applied.");
      }
    }
    history.write(rolledBack);
  }

  private boolean interruptedByUs(StatementFailure f) {
    return cancellation.requested()
        && (f.kind() == StatementFailure.Kind.CANCELLED
            || f.kind() == StatementFailure.Kind.CONNECTION_LOST);
  }

  private void checkNotCancelled(ScriptPlan plan, String consequence) {
    if (cancellation.requested()) {
      throw FailureReport.interrupted(
          "Stopped before migration `" + plan.migration().name() + "`: " + consequence);
    }
  }

  /** Waits a little longer before each retry, so the blocker has a chance to finish. */
  static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(10_000L, 500L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

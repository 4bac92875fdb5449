package dev.strata.core.execute;

import dev.strata.core.StrataException;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryWrite;
import dev.strata.core.history.StepProgress;
import dev.strata.core.source.Migration;
import java.util.List;
import java.util.Optional;

/**
 * A migration run statement by statement, each statement applied exactly once:
 *
 * <ul>
 *   <li>an ordinary statement runs in a transaction of ours together with the update of the step
 *       count, so it is applied and recorded together or not at all;
 *   <li>in a transaction the script opens itself, nothing of ours runs until its {@code COMMIT},
 *       which is sent right after the step count update (so {@code SET TRANSACTION} can come first,
 *       and a killed block leaves nothing recorded and nothing applied);
 *   <li>a statement that cannot run in a transaction commits on its own: it is marked in flight
 *       before it starts, and a resume that finds the mark asks the dialect whether it took effect.
 * </ul>
 *
 * A resume refuses a file whose completed statements changed since they ran.
 */
final class StepwiseRun {
  private final ScriptSession session;
  private final HistoryStore history;
  private final RunLimits limits;
  private final Cancellation cancellation;
  private final DeployListener listener;
  private final FailureReport failures;
  // The progress as recorded while a statement outside a transaction runs: marked in flight.
  private StepProgress inFlight;

  StepwiseRun(
      ScriptSession session,
      HistoryStore history,
      RunLimits limits,
      Cancellation cancellation,
      DeployListener listener,
      FailureReport failures) {
    this.session = session;
    this.history = history;
    this.limits = limits;
    this.cancellation = cancellation;
    this.listener = listener;
    this.failures = failures;
  }

  void apply(ScriptPlan plan, Optional<AppliedMigration> interrupted) {
    Migration m = plan.migration();
    String id;
    StepProgress progress;
    if (interrupted.isPresent()) {
      id = interrupted.get().id();
      progress = new ResumePoint(session, history, listener).of(plan, interrupted.get());
    } else {
      id = FailureReport.newId();
      progress = StepProgress.start(plan.size());
      history.write(new HistoryWrite.Started(id, m.name(), history.checksum(m), progress));
    }
    listener.starting(plan, progress.applied());
    run(plan, id, progress);
  }

  private void run(ScriptPlan plan, String id, StepProgress recorded) {
    String checksum = history.checksum(plan.migration());
    StepProgress progress = recorded;
    int i = progress.applied();
    int blockStart = -1; // the script's own BEGIN while its transaction is open
    int attempt = 1;
    try (var running = cancellation.whileRunning(session::cancel)) {
      while (i < plan.size()) {
        if (cancellation.requested()) throw interrupted(plan, progress);
        Step step = plan.step(i);
        try {
          if (session.inTransaction()) {
            if (step.kind() == Step.Kind.COMMIT) {
              StepProgress next = through(plan, progress, i + 1);
              session.run(
                  List.of(
                      new Part.Write(new HistoryWrite.Progress(id, checksum, next)),
                      new Part.Steps(plan, i, i + 1)));
              progress = next;
              blockStart = -1;
            } else {
              session.run(List.of(new Part.Steps(plan, i, i + 1)));
              if (!session.inTransaction()) {
                // ROLLBACK: the block took no effect; record that the script got past it.
                progress = record(id, checksum, through(plan, progress, i + 1));
                blockStart = -1;
              }
            }
          } else {
            switch (step.kind()) {
              case BEGIN -> {
                session.run(List.of(new Part.Steps(plan, i, i + 1)));
                if (session.inTransaction()) blockStart = i;
                else progress = record(id, checksum, through(plan, progress, i + 1));
              }
              case OUTSIDE_TRANSACTION -> progress = runOutside(plan, id, progress, i);
              case COMMIT, ROLLBACK -> {
                // No transaction is open: the server only warns; nothing to apply twice.
                session.run(List.of(new Part.Steps(plan, i, i + 1)));
                progress = record(id, checksum, through(plan, progress, i + 1));
              }
              case ORDINARY -> progress = runInTransaction(plan, id, progress, i);
            }
          }
          listener.stepDone(plan, i + 1);
          i++;
          attempt = 1;
        } catch (StatementFailure f) {
          session.rollback();
          StepProgress stoppedAt = inFlight != null ? inFlight : progress;
          inFlight = null;
          if (cancellation.requested()
              && (f.kind() == StatementFailure.Kind.CANCELLED
                  || f.kind() == StatementFailure.Kind.CONNECTION_LOST)) {
            throw interrupted(plan, stoppedAt);
          }
          if (f.kind() == StatementFailure.Kind.LOCK_TIMEOUT && attempt <= limits.retries()) {
            // The step, or the whole block it was in, rolled back: run it again from its start.
            if (blockStart >= 0) i = blockStart;
            blockStart = -1;
            listener.retrying(plan, attempt + 1, limits.retries() + 1, f.serverMessage());
            MigrationExecutor.pause(attempt);
            attempt++;
            continue;
          }
          throw failures.stepwise(plan, id, stoppedAt, f);
        }
      }
    }
    if (session.inTransaction()) {
      session.rollback();
      throw failures.leftOpen(plan, id, progress);
    }
    history.write(new HistoryWrite.Finished(id, checksum, plan.size()));
  }

  /** An ordinary statement, committed with its step count; alone if the server insists. */
  private StepProgress runInTransaction(ScriptPlan plan, String id, StepProgress progress, int i)
      throws StatementFailure {
    StepProgress next = through(plan, progress, i + 1);
    try {
      session.run(
          List.of(
              Part.BEGIN,
              new Part.Steps(plan, i, i + 1),
              new Part.Write(
                  new HistoryWrite.Progress(id, history.checksum(plan.migration()), next)),
              Part.COMMIT));
      return next;
    } catch (StatementFailure f) {
      if (f.kind() != StatementFailure.Kind.MUST_RUN_ALONE || !f.inStep(plan, i)) throw f;
      session.rollback();
      listener.note(
          plan,
          "line "
              + plan.step(i).line()
              + " cannot run inside a transaction block ("
              + f.serverMessage()
              + "): running it on its own");
      return runOutside(plan, id, progress, i);
    }
  }

  /** A statement that commits on its own: marked in flight first, so a resume knows to judge it. */
  private StepProgress runOutside(ScriptPlan plan, String id, StepProgress progress, int i)
      throws StatementFailure {
    String checksum = history.checksum(plan.migration());
    inFlight = progress.startingOutsideTransaction();
    history.write(new HistoryWrite.Progress(id, checksum, inFlight));
    session.run(List.of(new Part.Steps(plan, i, i + 1)));
    inFlight = null;
    return record(id, checksum, through(plan, progress, i + 1));
  }

  private StepProgress record(String id, String checksum, StepProgress progress) {
    history.write(new HistoryWrite.Progress(id, checksum, progress));
    return progress;
  }

  /** The progress with every step up to {@code count} completed. */
  private static StepProgress through(ScriptPlan plan, StepProgress progress, int count) {
    StepProgress next = progress;
    for (int j = progress.applied(); j < count; j++) next = next.completed(plan.text(plan.step(j)));
    return next;
  }

  private StrataException interrupted(ScriptPlan plan, StepProgress progress) {
    session.rollback();
    String name = plan.migration().name();
    int done = progress.applied();
    return FailureReport.interrupted(
        "Migration `"
            + name
            + "` was cancelled on the server: "
            + (done == 0
                ? "none of its " + plan.size() + " statements is applied"
                : FailureReport.statements(done, plan.size()) + " are applied and recorded")
            + (progress.inFlight().isPresent()
                ? "; statement "
                    + (done + 1)
                    + " was running outside a transaction, and the next deploy checks whether it"
                    + " took effect"
                : "")
            + ". The next `strata deploy` resumes after statement "
            + done
            + ".");
  }
}

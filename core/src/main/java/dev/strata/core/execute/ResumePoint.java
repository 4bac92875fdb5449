package dev.strata.core.execute;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryStore;
import dev.strata.core.history.HistoryWrite;
import dev.strata.core.history.StepProgress;
import dev.strata.core.source.Checksum;
import dev.strata.core.source.Migration;
import java.util.List;
import java.util.Optional;

/**
 * Where an interrupted migration resumes: after its recorded statements, once the file is shown to
 * hold the same statements as those that ran, and once the statement it may have left in flight
 * outside a transaction is judged by its effect.
 */
final class ResumePoint {
  private final ScriptSession session;
  private final HistoryStore history;
  private final DeployListener listener;

  ResumePoint(ScriptSession session, HistoryStore history, DeployListener listener) {
    this.session = session;
    this.history = history;
    this.listener = listener;
  }

  /** The progress to resume from, recorded; throws when the resume must not happen. */
  StepProgress of(ScriptPlan plan, AppliedMigration row) {
    return judgeInFlight(plan, row.id(), checked(plan, row));
  }

  /**
   * Where an interrupted run stopped, after checking that the statements it completed are the
   * file's statements still: a resume must not skip a statement that was edited since.
   */
  private StepProgress checked(ScriptPlan plan, AppliedMigration row) {
    Migration m = plan.migration();
    int done = row.appliedStepsCount();
    boolean sameFile = Checksum.matches(row.checksum(), m);
    Optional<StepProgress> recorded = row.progress().filter(p -> p.applied() == done);
    if (done > plan.size()) {
      throw changed(
          m,
          statementsWord(done) + " completed, but the file now has " + plan.size() + " statements");
    }
    if (recorded.isEmpty()) {
      // Recorded by Prisma or an earlier Strata: only the count is known.
      if (!sameFile) {
        throw changed(
            m,
            "its file changed since, and no per-statement hashes were recorded, so which of its "
                + done
                + " completed statements changed cannot be told");
      }
      return through(plan, StepProgress.start(plan.size()), done);
    }
    List<String> hashes = recorded.get().hashes();
    for (int j = 0; j < done; j++) {
      Step step = plan.step(j);
      if (!StepProgress.hash(plan.text(step)).equals(hashes.get(j))) {
        throw changed(
            m,
            "statement "
                + (j + 1)
                + " ("
                + m.displayPath()
                + ":"
                + step.line()
                + ") ran as a different statement than the file has now");
      }
    }
    return new StepProgress(done, plan.size(), hashes, recorded.get().inFlight());
  }

  private static String statementsWord(int n) {
    return n == 1 ? "1 statement" : n + " statements";
  }

  private static StrataException changed(Migration m, String what) {
    return new StrataException(
        ExitCode.NEEDS_ATTENTION,
        "Migration `"
            + m.name()
            + "` was interrupted part-way and cannot resume: "
            + what
            + ". Nothing was run. Restore "
            + m.displayPath()
            + " to the version that ran (later statements may change), or undo what it applied and run"
            + " `strata resolve --rolled-back "
            + m.name()
            + "` to run it from the start.");
  }

  /** The step an interrupted run started outside a transaction: did it take effect? */
  private StepProgress judgeInFlight(ScriptPlan plan, String id, StepProgress progress) {
    if (progress.inFlight().isEmpty()) return progress;
    Migration m = plan.migration();
    int index = progress.inFlight().getAsInt() - 1;
    if (index != progress.applied() || index >= plan.size()) return progress.settled();
    Step step = plan.step(index);
    Judgement judgement = session.judge(plan, step);
    String where = m.displayPath() + ":" + step.line();
    if (judgement instanceof Judgement.Unknown) {
      throw new StrataException(
          ExitCode.NEEDS_ATTENTION,
          "Migration `"
              + m.name()
              + "` was interrupted while statement "
              + (index + 1)
              + " ("
              + where
              + ") ran outside a transaction, and the database cannot tell whether it completed: "
              + judgement.how()
              + ". Nothing was run. Check, then run `strata resolve --step-done "
              + m.name()
              + "` if it took effect, or `strata resolve --step-not-done "
              + m.name()
              + "` to run it again, and deploy.");
    }
    listener.note(
        plan,
        "statement "
            + (index + 1)
            + " ("
            + where
            + ") was running outside a transaction when the last deploy stopped: "
            + judgement.how());
    StepProgress judged =
        judgement instanceof Judgement.Done
            ? progress.completed(plan.text(step))
            : progress.settled();
    history.write(new HistoryWrite.Progress(id, history.checksum(m), judged));
    return judged;
  }

  /** The progress with every step up to {@code count} completed. */
  private static StepProgress through(ScriptPlan plan, StepProgress progress, int count) {
    StepProgress next = progress;
    for (int j = progress.applied(); j < count; j++) next = next.completed(plan.text(plan.step(j)));
    return next;
  }
}

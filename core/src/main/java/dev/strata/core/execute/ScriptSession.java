package dev.strata.core.execute;

import dev.strata.core.source.Migration;
import java.util.List;

/**
 * What core asks of a dialect to run migrations on one connection: a closed set of primitives.
 * Ordering, what commits together, step accounting, retries, resume and failure recording are
 * core's ({@link MigrationExecutor}); the dialect only splits, classifies, sends and judges.
 */
public interface ScriptSession {

  /**
   * Splits and classifies a script.
   *
   * @throws dev.strata.core.StrataException if the script cannot be split (its file and line named)
   */
  ScriptPlan analyze(Migration migration);

  /**
   * Why these migrations cannot all run in one transaction, one reason per offending migration
   * (naming it); empty if they can.
   */
  List<String> whyNotAtomic(List<ScriptPlan> batch);

  /**
   * Sends the parts in order, in as few round trips as the dialect can, each statement exactly as
   * written. Outside a {@link Part#BEGIN}…{@link Part#COMMIT} a statement commits on its own (or
   * joins a transaction the script itself opened).
   *
   * @throws StatementFailure when the server refuses a statement; nothing after it ran, and a
   *     transaction that was open is left open (aborted) for {@link #rollback}
   */
  void run(List<Part> parts) throws StatementFailure;

  /** True while a transaction is open on the connection (ours, or one the script opened). */
  boolean inTransaction();

  /** Rolls back an open transaction, if any; quiet when the connection is gone. */
  void rollback();

  /**
   * Whether a step started outside a transaction by an earlier, interrupted run completed. Called
   * with the deploy lock held, so no other session still runs it. May clean up what an interrupted
   * statement left (an INVALID index) before answering {@link Judgement.RunAgain}.
   */
  Judgement judge(ScriptPlan plan, Step step);

  /** Cancels the statement running on the server now, if any. Called from another thread. */
  void cancel();
}

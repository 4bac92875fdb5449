package dev.strata.core.execute;

import dev.strata.core.dialect.LockHolder;
import java.time.Duration;

/** Progress of a deploy, as it happens. The API never prints; the CLI renders these. */
public interface DeployListener {
  DeployListener NONE = new DeployListener() {};

  default void waitingForLock(LockHolder holder, Duration waited) {}

  /** The migrations about to be applied, in order, once the review (if any) let them through. */
  default void applying(java.util.List<ScriptPlan> plans) {}

  default void starting(ScriptPlan plan, int resumeFromStep) {}

  default void applied(ScriptPlan plan, Duration took) {}

  /** With --atomic: the whole batch starts in one transaction. */
  default void startingAtomically(java.util.List<ScriptPlan> plans) {}

  /** With --atomic: the batch's transaction committed. */
  default void appliedAtomically(java.util.List<ScriptPlan> plans, Duration took) {}

  /** A statement of a stepwise migration completed. */
  default void stepDone(ScriptPlan plan, int step) {}

  /** A lock wait timed out; the migration's transaction rolled back and it runs again. */
  default void retrying(ScriptPlan plan, int attempt, int attempts, String reason) {}

  /**
   * Something the executor or the dialect did that a person should know of: a statement run on its
   * own after the server refused it in a transaction, an index left INVALID by an interrupted build
   * dropped to be rebuilt, how a resume judged a statement.
   */
  default void note(ScriptPlan plan, String text) {}

  /** With the deploy lock held by a session whose deployer is gone: it was ended. */
  default void terminatedOrphan(dev.strata.core.dialect.LockHolder holder) {}
}

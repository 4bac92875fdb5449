package dev.strata.core.execute;

import dev.strata.core.dialect.LockHolder;
import java.time.Duration;

/** Progress of a deploy, as it happens. The API never prints; the CLI renders these. */
public interface DeployListener {
  DeployListener NONE = new DeployListener() {};

  default void waitingForLock(LockHolder holder, Duration waited) {}

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

  /** An index left INVALID by an interrupted CREATE INDEX CONCURRENTLY is dropped to be rebuilt. */
  default void rebuildingInvalidIndex(ScriptPlan plan, String index) {}
}

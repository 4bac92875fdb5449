package dev.strata.core.execute;

import java.time.Duration;

/**
 * @param atomic the whole batch in one transaction
 * @param lockWait how long to wait for another deployer
 * @param limits lock and statement timeouts, and retries, for the migrations themselves
 * @param gate checked under the deploy lock before anything runs (the review); it throws to stop
 */
public record DeployOptions(boolean atomic, Duration lockWait, RunLimits limits, Gate gate) {

  public DeployOptions(boolean atomic, Duration lockWait, RunLimits limits) {
    this(atomic, lockWait, limits, Gate.NONE);
  }

  public DeployOptions withGate(Gate gate) {
    return new DeployOptions(atomic, lockWait, limits, gate);
  }

  /** A check of what is about to be applied, with the deploy lock held. */
  public interface Gate {
    Gate NONE = (plans, report) -> {};

    /**
     * @throws dev.strata.core.StrataException to stop the deploy before anything runs
     */
    void check(java.util.List<ScriptPlan> plans, dev.strata.core.plan.StatusReport report);
  }
}

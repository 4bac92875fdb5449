package dev.strata.core.execute;

import java.time.Duration;
import java.util.Objects;

/**
 * @param atomic the whole batch in one transaction
 * @param lockWait how long to wait for another deployer
 * @param limits lock and statement timeouts, and retries, for the migrations themselves
 * @param gate checked under the deploy lock before anything runs (the review); it throws to stop
 * @param cancellation stops the deploy, cancelling the server's work (Ctrl-C)
 * @param terminateOrphan end a session that holds the deploy lock for a deployer process that is
 *     gone (one Strata can prove dead), instead of waiting for it
 */
public record DeployOptions(
    boolean atomic,
    Duration lockWait,
    RunLimits limits,
    Gate gate,
    Cancellation cancellation,
    boolean terminateOrphan) {

  public DeployOptions {
    Objects.requireNonNull(lockWait, "lockWait");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  public DeployOptions(boolean atomic, Duration lockWait, RunLimits limits) {
    this(atomic, lockWait, limits, Gate.NONE, new Cancellation(), false);
  }

  public DeployOptions withGate(Gate gate) {
    return new DeployOptions(atomic, lockWait, limits, gate, cancellation, terminateOrphan);
  }

  public DeployOptions withCancellation(Cancellation cancellation) {
    return new DeployOptions(atomic, lockWait, limits, gate, cancellation, terminateOrphan);
  }

  public DeployOptions withTerminateOrphan(boolean terminateOrphan) {
    return new DeployOptions(atomic, lockWait, limits, gate, cancellation, terminateOrphan);
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

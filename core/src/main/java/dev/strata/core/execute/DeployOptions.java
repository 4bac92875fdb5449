package dev.strata.core.execute;

import java.time.Duration;

/**
 * @param atomic the whole batch in one transaction
 * @param lockWait how long to wait for another deployer
 * @param limits lock and statement timeouts, and retries, for the migrations themselves
 */
public record DeployOptions(boolean atomic, Duration lockWait, RunLimits limits) {}

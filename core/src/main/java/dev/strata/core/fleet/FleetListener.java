package dev.strata.core.fleet;

/** Told of each target as a fleet runs, from the threads that run them (for a progress line). */
public interface FleetListener {
  FleetListener NONE = new FleetListener() {};

  default void started(String url) {}

  default void finished(TargetOutcome outcome) {}
}

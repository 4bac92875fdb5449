package dev.strata.core.production;

/** The pipeline's steps as they happen, for the console and the run record. */
public interface ProductionListener {
  /** A numbered step starts ("Creating Pre-Migration Backup"). */
  default void step(int number, String title) {}

  /** Something the step did or found, in words. */
  default void info(String message) {}

  /** A check that did not pass but does not stop the run. */
  default void warning(String message) {}
}

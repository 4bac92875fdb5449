package dev.strata.core.production;

import java.nio.file.Path;
import java.util.List;

/**
 * A successful run: the backup taken, what was applied (empty when nothing was pending), the checks
 * that passed, and the run record.
 */
public record ProductionResult(
    Path backup, List<String> applied, List<String> checks, Path runRecord) {
  public ProductionResult {
    applied = List.copyOf(applied);
    checks = List.copyOf(checks);
  }
}

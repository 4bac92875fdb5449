package dev.strata.core.backup;

import java.util.List;

/** A restored database and what was checked on it. */
public record RestoreResult(String database, long rowsLoaded, int tables, List<String> checks) {
  public RestoreResult {
    checks = List.copyOf(checks);
  }
}

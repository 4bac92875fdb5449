package dev.strata.core.execute;

import java.time.Duration;
import java.util.List;

/** What a deploy applied; empty when the database was already up to date. */
public record DeployResult(String database, List<Applied> applied, List<String> warnings) {

  public DeployResult {
    applied = List.copyOf(applied);
    warnings = List.copyOf(warnings);
  }

  public record Applied(String name, Duration took, boolean transactional) {}
}

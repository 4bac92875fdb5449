package dev.strata.core.schema;

import java.util.Optional;

/**
 * Whether the live schema is the one its applied migrations build.
 *
 * @param changes what was changed outside the migrations: the changes that turn the migrations'
 *     schema into the live one; empty when the check was not made
 * @param skipped why the check was not made, when it was not
 */
public record Drift(Optional<SchemaComparison> changes, Optional<String> skipped) {

  public static Drift skipped(String why) {
    return new Drift(Optional.empty(), Optional.of(why));
  }

  public static Drift checked(SchemaComparison changes) {
    return new Drift(Optional.of(changes), Optional.empty());
  }

  /** True when the check was made and found a difference. */
  public boolean drifted() {
    return changes.map(c -> !c.isEmpty()).orElse(false);
  }
}

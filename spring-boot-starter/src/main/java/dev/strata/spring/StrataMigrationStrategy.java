package dev.strata.spring;

import dev.strata.core.Strata;

/**
 * What happens to the migrations at start-up. A bean of this type replaces the default, which
 * deploys them reviewed as {@code strata.review} says; one that only checks {@code
 * strata.status()}, or deploys in another order of things, fits here.
 */
@FunctionalInterface
public interface StrataMigrationStrategy {
  void migrate(Strata strata);
}

package dev.strata.postgres.review.lint;

import dev.strata.core.review.CommonFindings;
import dev.strata.core.review.Finding;
import java.util.List;

/** {@code no-down-migration}: nothing reverses the migration but a restore. */
final class NoDownMigration {
  static final String CODE = "no-down-migration";

  private NoDownMigration() {}

  static List<Finding> check(MigrationText text) {
    return CommonFindings.noDownMigration(text.plan()).stream().toList();
  }
}

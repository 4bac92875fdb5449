package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import java.util.List;

/** {@code no-down-migration}: nothing reverses the migration but a restore. */
final class NoDownMigration {
  static final String CODE = "no-down-migration";

  private NoDownMigration() {}

  static List<Finding> check(MigrationText text) {
    if (text.plan().migration().down().isPresent()) return List.of();
    return List.of(
        text.finding(
            CODE,
            Level.INFO,
            Concern.REVERSIBILITY,
            0,
            "Migration " + text.plan().migration().name() + " has no down.sql",
            "If it misbehaves in production, strata rollback cannot undo it: the way back is a"
                + " restore from backup, which also loses the writes made since.",
            "Add a down.sql next to migration.sql (Flyway layout: a U file of the same version)"
                + " that reverses it, dropping what it creates in reverse order."));
  }
}

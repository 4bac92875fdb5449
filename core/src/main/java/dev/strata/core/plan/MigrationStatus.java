package dev.strata.core.plan;

import dev.strata.core.history.AppliedMigration;
import dev.strata.core.source.Migration;
import java.util.Optional;

/**
 * One migration's state, with the file (absent when missing) and its latest history row (absent
 * when pending).
 */
public record MigrationStatus(
    String name,
    MigrationState state,
    Optional<Migration> migration,
    Optional<AppliedMigration> latest) {}

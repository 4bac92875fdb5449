package dev.strata.core.backup;

import java.nio.file.Path;
import java.util.Optional;

/** A restore: the safety backup taken first (if any), and what was restored and checked. */
public record RestoreOutcome(Optional<Path> safetyBackup, boolean verified, RestoreResult result) {}

package dev.strata.core.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param file the backup to restore
 * @param manifest its manifest, already checked against the file; absent for a plain SQL file made
 *     by pg_dump, which cannot be verified
 * @param jobs connections that load data and build indexes in parallel
 * @param restoreOwnership whether to restore object owners and privileges
 */
public record RestoreRequest(
    Path file, Optional<BackupManifest> manifest, int jobs, boolean restoreOwnership) {}

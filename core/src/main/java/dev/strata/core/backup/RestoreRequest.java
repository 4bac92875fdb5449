package dev.strata.core.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param file the backup to restore
 * @param manifest its manifest, already checked against the file; absent for a plain SQL file made
 *     by pg_dump, which cannot be verified
 * @param jobs connections that load data and build indexes in parallel
 * @param restoreOwnership whether to restore object owners and privileges
 * @param checksumDuringLoad the file's SHA-256 has not been checked yet: hash it while loading
 *     ({@link ChecksumStream}) and refuse it before the swap if it does not match the manifest
 */
public record RestoreRequest(
    Path file,
    Optional<BackupManifest> manifest,
    int jobs,
    boolean restoreOwnership,
    boolean checksumDuringLoad) {}

package dev.strata.core.backup;

import java.nio.file.Path;

/**
 * @param force restore without asking
 * @param production the target is production: the user must type the database name
 * @param safetyBackup take a backup of the current database first
 * @param safetyDir where that backup goes
 * @param unverified accept a dump without a Strata manifest that the dialect recognises (pg_dump
 *     plain SQL): it cannot be checked before it replaces the database
 */
public record RestoreOptions(
    boolean force,
    boolean production,
    boolean safetyBackup,
    Path safetyDir,
    int jobs,
    boolean restoreOwnership,
    boolean unverified) {}

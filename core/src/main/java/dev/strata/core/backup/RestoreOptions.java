package dev.strata.core.backup;

import java.nio.file.Path;

/**
 * @param force restore without asking
 * @param production the target is production: the user must type the database name
 * @param safetyBackup take a backup of the current database first
 * @param safetyDir where that backup goes
 */
public record RestoreOptions(
    boolean force,
    boolean production,
    boolean safetyBackup,
    Path safetyDir,
    int jobs,
    boolean restoreOwnership) {}

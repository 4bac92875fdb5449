package dev.strata.core.production;

import dev.strata.core.execute.DeployOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * @param backupPath where the pre-migration backup goes
 * @param force no confirmation before deploying nor before the automatic restore
 * @param production the target is production (the restore asks for the database name)
 * @param verifySql statements that must each return true after the deploy
 * @param jobs connections for the backup and the restore
 * @param review how the pending migrations are reviewed before the backup
 */
public record ProductionOptions(
    Path backupPath,
    boolean force,
    boolean production,
    DeployOptions deploy,
    Optional<Path> verifySql,
    int jobs,
    String strataVersion,
    dev.strata.core.review.ReviewPolicy review) {}

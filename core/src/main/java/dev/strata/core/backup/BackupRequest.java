package dev.strata.core.backup;

import java.nio.file.Path;

/**
 * @param outputDir the folder the backup file and its manifest go to (created if missing)
 * @param jobs connections that copy tables in parallel
 * @param keep when positive, delete all but the newest {@code keep} backups of this database in the
 *     folder afterwards (never the one just written)
 */
public record BackupRequest(
    Path outputDir, Compression compression, int jobs, int keep, String strataVersion) {
  public BackupRequest {
    if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1");
  }
}

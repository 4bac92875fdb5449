package dev.strata.core.backup;

import java.nio.file.Path;
import java.util.List;

/** A verified backup, and the older backups that --keep deleted. */
public record BackupResult(
    Path file, Path manifestFile, BackupManifest manifest, List<Path> deleted) {
  public BackupResult {
    deleted = List.copyOf(deleted);
  }
}

package dev.strata.core.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of backup files ({@code backup_<db>_<yyyyMMdd_HHmmss>.sql.gz}) and the --keep retention.
 */
public final class BackupFiles {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private BackupFiles() {}

  public static String fileName(String database, Compression compression, java.time.Instant at) {
    return "backup_"
        + safe(database)
        + "_"
        + STAMP.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC))
        + compression.extension();
  }

  /** Database names may hold characters a file name should not; keep letters, digits, - and _. */
  static String safe(String database) {
    return database.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /**
   * The newest backup of {@code database} in {@code dir} whose manifest says it finished before
   * {@code moment}: the state just before a migration that started then.
   */
  public static java.util.Optional<Path> takenBefore(
      Path dir, String database, java.time.Instant moment) {
    if (!Files.isDirectory(dir)) return java.util.Optional.empty();
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".manifest.json"))
          .map(BackupFiles::readQuietly)
          .flatMap(java.util.Optional::stream)
          .filter(e -> e.getValue().database().equals(database))
          .filter(e -> !e.getValue().finishedAt().isAfter(moment))
          .filter(e -> Files.isRegularFile(e.getKey()))
          .max(Comparator.comparing(e -> e.getValue().finishedAt()))
          .map(java.util.Map.Entry::getKey);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot list backups in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static java.util.Optional<java.util.Map.Entry<Path, BackupManifest>> readQuietly(
      Path manifest) {
    try {
      String name = manifest.getFileName().toString();
      Path backup =
          manifest.resolveSibling(name.substring(0, name.length() - ".manifest.json".length()));
      return java.util.Optional.of(java.util.Map.entry(backup, BackupManifest.read(manifest)));
    } catch (StrataException e) {
      return java.util.Optional.empty(); // not a manifest of ours
    }
  }

  /**
   * Deletes all but the newest {@code keep} backups of {@code database} in {@code dir}, with their
   * manifests; never {@code justWritten}. Returns what it deleted.
   */
  public static List<Path> prune(Path dir, String database, int keep, Path justWritten) {
    if (keep <= 0) return List.of();
    Pattern mine =
        Pattern.compile(
            "backup_" + Pattern.quote(safe(database)) + "_\\d{8}_\\d{6}\\.sql(\\.gz|\\.zst)?");
    List<Path> backups;
    try (Stream<Path> files = Files.list(dir)) {
      backups =
          files
              .filter(p -> mine.matcher(p.getFileName().toString()).matches())
              .sorted(
                  Comparator.comparing(
                          (Path p) -> p.getFileName().toString().replaceAll("\\.sql.*$", ""))
                      .reversed())
              .toList();
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot list " + dir + " to apply --keep: " + e.getMessage(), e);
    }
    List<Path> deleted = new ArrayList<>();
    int kept = 0;
    for (Path backup : backups) {
      boolean current = backup.toAbsolutePath().equals(justWritten.toAbsolutePath());
      if (current || kept < keep) {
        kept++;
        continue;
      }
      try {
        Files.deleteIfExists(backup);
        Files.deleteIfExists(BackupManifest.pathFor(backup));
        deleted.add(backup);
      } catch (IOException e) {
        throw new StrataException(
            ExitCode.FAILED, "Cannot delete old backup " + backup + ": " + e.getMessage(), e);
      }
    }
    return deleted;
  }
}

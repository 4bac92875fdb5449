package dev.strata.cli;

import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.Compression;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata backup}: one verified, compressed file that psql restores without Strata. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Write a verified backup of the database, with its manifest.",
      "The file is backup_<db>_<yyyyMMdd_HHmmss>.sql.gz, plain SQL that `gunzip -c FILE | psql`"
          + " (MySQL/MariaDB: `| mariadb DB`) restores, beside FILE.manifest.json. It is"
          + " consistent while the application writes (one snapshot), with tables copied in"
          + " parallel.",
      "The file is re-read and checked before it is kept; a failed backup is left as"
          + " FILE.incomplete."
    })
final class BackupCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "backups/pre-migration",
      description =
          "Folder for the backup (default: ${DEFAULT-VALUE}, where production, doctor and"
              + " rollback --restore-backup look).")
  Path output;

  @Option(
      names = "--compress",
      paramLabel = "gzip|zstd|none",
      defaultValue = "gzip",
      description = "Compression (default: ${DEFAULT-VALUE}).")
  String compress;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Connections copying in parallel (default: the core count).")
  Integer jobs;

  @Option(
      names = "--keep",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Keep only the newest N backups of this database in the folder (never deletes the new one).")
  int keep;

  @Override
  public Integer call() {
    Compression compression;
    try {
      compression = Compression.parse(compress);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), e.getMessage());
    }
    var strata = common.strata(console);
    Path dir = strata.settings().workingDir().resolve(output);
    int n = jobs == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, jobs);
    BackupResult result;
    try (BackupProgress progress = new BackupProgress(console)) {
      result =
          strata.backup(new BackupRequest(dir, compression, n, keep, Version.current()), progress);
    }
    var m = result.manifest();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("file", result.file().toString());
            g.writeStringField("manifest", result.manifestFile().toString());
            g.writeNumberField("size", m.size());
            g.writeStringField("sha256", m.sha256());
            g.writeNumberField("tables", m.rowCounts().size());
            g.writeNumberField("rows", m.totalRows());
            g.writeNumberField(
                "durationMs", java.time.Duration.between(m.startedAt(), m.finishedAt()).toMillis());
            g.writeArrayFieldStart("deleted");
            for (Path p : result.deleted()) g.writeString(p.toString());
            g.writeEndArray();
            g.writeEndObject();
          });
    } else {
      console.out().println("Backup created successfully: " + result.file());
      console
          .out()
          .println(
              "  "
                  + Sizes.human(m.size())
                  + ", "
                  + m.rowCounts().size()
                  + " tables, "
                  + String.format("%,d", m.totalRows())
                  + " rows, SHA-256 "
                  + m.sha256().substring(0, 16)
                  + "…, verified.");
      for (Path p : result.deleted())
        console.out().println("  deleted old backup " + p.getFileName());
    }
    console.out().flush();
    return 0;
  }
}

package dev.strata.maven;

import dev.strata.core.Strata;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.Compression;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code strata:backup}: one verified, compressed, plain-SQL backup file and its manifest. */
@Mojo(name = "backup", threadSafe = true, requiresProject = true)
public class BackupMojo extends StrataMojo {
  @Parameter(property = "strata.backupDir", defaultValue = "${project.basedir}/backups")
  File backupDir;

  /** gzip, zstd or none. */
  @Parameter(property = "strata.compress", defaultValue = "gzip")
  String compress;

  /** Tables copied at once. */
  @Parameter(property = "strata.jobs", defaultValue = "2")
  int jobs;

  /** Backups kept in the folder (older ones deleted); 0 keeps all. */
  @Parameter(property = "strata.keep", defaultValue = "0")
  int keep;

  @Override
  void run(Strata strata) {
    var result =
        strata.backup(
            new BackupRequest(
                backupDir.toPath(), Compression.parse(compress), jobs, keep, "maven-plugin"),
            BackupListener.NONE);
    getLog().info("Backup written and verified: " + result.file());
  }
}

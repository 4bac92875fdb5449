package dev.strata.postgres.backup;

import dev.strata.core.backup.BackupEngine;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.Compression;
import dev.strata.core.backup.RestoreRequest;
import dev.strata.core.backup.RestoreResult;
import dev.strata.postgres.ConnectionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Backup and restore on PostgreSQL. */
public final class PostgresBackupEngine implements BackupEngine {
  private final ConnectionSpec spec;
  private final Runnable closeOwnConnection;

  public PostgresBackupEngine(ConnectionSpec spec, Runnable closeOwnConnection) {
    this.spec = spec;
    this.closeOwnConnection = closeOwnConnection;
  }

  @Override
  public BackupResult backup(BackupRequest request, BackupListener listener) {
    return new BackupWriter(spec).write(request, listener);
  }

  /**
   * pg_dump's plain format starts with its banner comment (then, since 15.14, a {@code \restrict}
   * line); its custom and directory formats are for pg_restore.
   */
  @Override
  public ForeignFile inspect(Path file) {
    byte[] head;
    try (InputStream in =
        Compression.ofFile(file.getFileName().toString()).decompress(Files.newInputStream(file))) {
      head = in.readNBytes(4096);
    } catch (IOException e) {
      return new ForeignFile(false, "unreadable as its name says it is (" + e.getMessage() + ")");
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (text.startsWith("PGDMP")) {
      return new ForeignFile(
          false,
          "a pg_dump custom-format archive, which pg_restore reads: turn it into SQL with"
              + " `pg_restore -f dump.sql "
              + file.getFileName()
              + "`, then run `strata restore dump.sql --unverified`");
    }
    if (text.lines().limit(8).anyMatch(line -> line.equals("-- PostgreSQL database dump"))) {
      return new ForeignFile(true, "a pg_dump plain-SQL dump");
    }
    if (text.lines()
        .limit(8)
        .anyMatch(line -> line.equals("-- PostgreSQL database cluster dump"))) {
      return new ForeignFile(
          false, "a pg_dumpall dump of a whole server, which only psql can replay");
    }
    return new ForeignFile(
        false,
        "neither a Strata backup nor a pg_dump plain-SQL dump (which starts with"
            + " `-- PostgreSQL database dump`)");
  }

  @Override
  public RestoreResult restore(RestoreRequest request, BackupListener listener) {
    return new Restorer(spec, closeOwnConnection).restore(request, listener);
  }
}

package dev.strata.mysql.backup;

import dev.strata.core.backup.BackupEngine;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.Compression;
import dev.strata.core.backup.RestoreRequest;
import dev.strata.core.backup.RestoreResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Backup and restore on MySQL and MariaDB: plain SQL that their own client restores too. */
public final class MysqlBackupEngine implements BackupEngine {
  private final DumpWriter.Connector connector;
  private final String database;

  /**
   * @param open opens a connection to a database of the server ({@code null}: the one backed up)
   */
  public MysqlBackupEngine(Opener open, String database) {
    this.database = database;
    this.connector =
        new DumpWriter.Connector() {
          @Override
          public Connection open() throws SQLException {
            return open.open(database);
          }

          @Override
          public Connection open(String otherDatabase) throws SQLException {
            return open.open(otherDatabase);
          }
        };
  }

  /** Opens a connection to one database of the server, with the target's credentials. */
  @FunctionalInterface
  public interface Opener {
    Connection open(String database) throws SQLException;
  }

  @Override
  public BackupResult backup(BackupRequest request, BackupListener listener) {
    return new DumpWriter(connector, database).write(request, listener);
  }

  @Override
  public RestoreResult restore(RestoreRequest request, BackupListener listener) {
    return new DumpRestorer(connector, database).restore(request, listener);
  }

  /** mysqldump's and mariadb-dump's files start with their banner comment. */
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
    if (text.lines()
        .limit(4)
        .anyMatch(l -> l.startsWith("-- MySQL dump") || l.startsWith("-- MariaDB dump")))
      return new ForeignFile(true, "a mysqldump/mariadb-dump SQL file");
    if (text.lines().limit(2).anyMatch(l -> l.startsWith("-- Strata backup (MySQL")))
      return new ForeignFile(true, "a Strata MySQL backup whose manifest is missing");
    return new ForeignFile(
        false,
        "neither a Strata backup nor a mysqldump/mariadb-dump SQL file (which starts with"
            + " `-- MySQL dump` or `-- MariaDB dump`)");
  }
}

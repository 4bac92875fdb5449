package dev.strata.mysql.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupFiles;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.BackupOutput;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a backup of a MySQL or MariaDB database: one consistent snapshot, read on several
 * connections where the server lets them share it ({@link SharedSnapshot}); InnoDB tables are
 * consistent, other engines are copied as they are and named. The file is plain SQL that the {@code
 * mariadb} or {@code mysql} client restores without Strata: every table created first, then the
 * rows as multi-row INSERTs of about a megabyte, one line each, then views, routines, triggers and
 * events. It is written as {@code FILE.incomplete} and takes its name only once verified.
 */
final class DumpWriter {
  private final Connector connector;
  private final String database;

  DumpWriter(Connector connector, String database) {
    this.connector = connector;
    this.database = database;
  }

  BackupResult write(BackupRequest request, BackupListener listener) {
    Instant started = Instant.now();
    Path incomplete = null;
    try (SharedSnapshot snapshot = SharedSnapshot.open(connector, request.jobs(), null)) {
      Connection c = snapshot.connections().get(0);
      String serverVersion = single(c, "SELECT VERSION()");
      DumpSchema schema = DumpSchema.read(c, database, List.of());
      List<String> notTransactional =
          schema.tables().stream()
              .filter(t -> t.engine() != null && !t.engine().equalsIgnoreCase("InnoDB"))
              .map(t -> t.name() + " (" + t.engine() + ")")
              .toList();
      if (!notTransactional.isEmpty())
        listener.step(
            "not in the snapshot, copied as they are while the backup runs: "
                + String.join(", ", notTransactional));
      listener.step(snapshot.how());
      List<Slice> slices = Slice.plan(c, database, schema.tables(), snapshot.connections().size());
      Files.createDirectories(request.outputDir());
      started = unusedName(request, started);
      Path file =
          request
              .outputDir()
              .resolve(BackupFiles.fileName(database, request.compression(), started));
      incomplete = file.resolveSibling(file.getFileName() + ".incomplete");
      long estimated = schema.tables().stream().mapToLong(DumpSchema.Table::estimatedBytes).sum();
      listener.started("backup", schema.tables().size(), estimated);
      try (BackupOutput written = new BackupOutput(incomplete, request.compression())) {
        written.appendText(header(serverVersion, started) + tables(schema));
        Map<String, Long> rows =
            new ParallelCopy(database, written, listener).run(snapshot, slices, schema.tables());
        written.appendText(programs(schema) + FOOTER);
        written.sync();
        Optional<String> latest = latestMigration(c, schema);
        BackupManifest manifest =
            new BackupManifest(
                file.getFileName().toString(),
                written.size(),
                written.sha256(),
                database,
                request.compression().name().toLowerCase(java.util.Locale.ROOT),
                rows,
                schema.fingerprint(),
                latest,
                serverVersion,
                request.strataVersion(),
                started,
                Instant.now(),
                schema.databaseProperties());
        listener.step("verifying");
        DumpVerifier.verify(incomplete, manifest);
        Files.move(incomplete, file, StandardCopyOption.ATOMIC_MOVE);
        Path manifestFile = BackupManifest.pathFor(file);
        manifest.write(manifestFile);
        List<Path> deleted = BackupFiles.prune(request.outputDir(), database, request.keep(), file);
        return new BackupResult(file, manifestFile, manifest, deleted);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      deleteQuietly(incomplete);
      if (e instanceof StrataException strata) throw strata;
      throw new StrataException(
          ExitCode.FAILED,
          "Backup of `" + database + "` failed: " + e.getMessage() + ". No backup file was kept.",
          e);
    }
  }

  /**
   * Names have one-second resolution: a second backup within the same second (or beside the file a
   * killed one left) waits for the next second.
   */
  private Instant unusedName(BackupRequest request, Instant started) throws IOException {
    Instant at = started;
    while (true) {
      String name = BackupFiles.fileName(database, request.compression(), at);
      Path dir = request.outputDir();
      if (!Files.exists(dir.resolve(name)) && !Files.exists(dir.resolve(name + ".incomplete")))
        return at;
      try {
        Thread.sleep(1000 - at.toEpochMilli() % 1000 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted before the backup started", e);
      }
      at = Instant.now();
    }
  }

  /** The database's settings, then every table, created empty before any row. */
  private static String tables(DumpSchema schema) {
    StringBuilder text = new StringBuilder();
    for (String property : schema.databaseProperties())
      text.append("-- strata:database ").append(property).append(";\n");
    for (DumpSchema.Table table : schema.tables())
      text.append("\n-- strata:table ")
          .append(table.name())
          .append("\nDROP TABLE IF EXISTS ")
          .append(DumpSchema.quote(table.name()))
          .append(";\n")
          .append(table.create())
          .append(";\n");
    return text.append("\n-- strata:rows\n").toString();
  }

  /** Views, then routines, triggers and events, in DELIMITER blocks the mysql client reads too. */
  private static String programs(DumpSchema schema) {
    StringBuilder text = new StringBuilder("\n-- strata:programs\n");
    for (DumpSchema.Named v : schema.views())
      text.append("DROP VIEW IF EXISTS ")
          .append(DumpSchema.quote(v.name()))
          .append(";\n")
          .append(v.create())
          .append(";\n");
    if (schema.routines().isEmpty() && schema.triggers().isEmpty() && schema.events().isEmpty())
      return text.toString();
    text.append("DELIMITER ;;\n");
    for (DumpSchema.Named r : schema.routines()) text.append(r.create()).append(";;\n");
    for (DumpSchema.Named t : schema.triggers()) text.append(t.create()).append(";;\n");
    for (DumpSchema.Named e : schema.events()) text.append(e.create()).append(";;\n");
    return text.append("DELIMITER ;\n").toString();
  }

  static String header(String serverVersion, Instant started) {
    return "-- Strata backup (MySQL/MariaDB plain SQL) of a database on "
        + serverVersion
        + ", taken "
        + started
        + "\n-- Restore with `strata restore FILE`, or without Strata into an empty database:\n"
        + "--   gunzip -c FILE | mariadb DATABASE   (zstd -dc for .zst; mysql works too)\n--\n"
        + "/*!40101 SET NAMES utf8mb4 */;\n"
        + "SET @strata_old_fk = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;\n"
        + "SET @strata_old_uc = @@UNIQUE_CHECKS, UNIQUE_CHECKS = 0;\n"
        + "SET @strata_old_mode = @@SQL_MODE, SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';\n"
        + "SET @strata_old_tz = @@TIME_ZONE, TIME_ZONE = '+00:00';\n";
  }

  /** The last line: a file without it was cut short. */
  static final String FOOTER =
      "\nSET FOREIGN_KEY_CHECKS = @strata_old_fk;\nSET UNIQUE_CHECKS = @strata_old_uc;\n"
          + "SET SQL_MODE = @strata_old_mode;\nSET TIME_ZONE = @strata_old_tz;\n"
          + "-- strata:end\n";

  private Optional<String> latestMigration(Connection c, DumpSchema schema) throws SQLException {
    for (String table : List.of("_prisma_migrations", "_strata_migrations")) {
      if (schema.tables().stream().noneMatch(t -> t.name().equals(table))) continue;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT migration_name FROM "
                      + DumpSchema.quote(database)
                      + "."
                      + DumpSchema.quote(table)
                      + " WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"
                      + " ORDER BY migration_name DESC LIMIT 1")) {
        if (rs.next()) return Optional.of(rs.getString(1));
      }
    }
    return Optional.empty();
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing more to do: the error that brought us here is reported.
    }
  }

  /** Opens connections to the database being backed up or restored. */
  interface Connector {
    Connection open() throws SQLException;

    /** A connection to another database on the same server. */
    Connection open(String otherDatabase) throws SQLException;
  }
}

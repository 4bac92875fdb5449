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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a backup of a MySQL or MariaDB database: one consistent snapshot ({@code START TRANSACTION
 * WITH CONSISTENT SNAPSHOT}; InnoDB tables are consistent, other engines are copied as they are and
 * named), as plain SQL that the {@code mariadb} or {@code mysql} client restores without Strata.
 * Each row's literal is built by the server ({@code QUOTE}, {@code HEX}), so what is read back is
 * byte for byte what was stored; rows go in multi-row INSERTs of about a megabyte, one line each.
 */
final class DumpWriter {
  /**
   * An INSERT is closed after about this many bytes: big enough to be fast, small for any client.
   */
  private static final int INSERT_BYTES = 1 << 20;

  private static final Set<String> HEX_TYPES =
      Set.of(
          "binary",
          "varbinary",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "bit",
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection");
  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "tinyint",
          "smallint",
          "mediumint",
          "int",
          "integer",
          "bigint",
          "decimal",
          "numeric",
          "float",
          "double",
          "real");

  private final Connector connector;
  private final String database;

  DumpWriter(Connector connector, String database) {
    this.connector = connector;
    this.database = database;
  }

  BackupResult write(BackupRequest request, BackupListener listener) {
    Instant started = Instant.now();
    Path file = null;
    try (Connection c = connector.open()) {
      try (Statement st = c.createStatement()) {
        st.execute("SET SESSION time_zone = '+00:00'");
        st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      }
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
      listener.step("one connection: the server cannot share a snapshot between connections");
      Files.createDirectories(request.outputDir());
      file =
          request
              .outputDir()
              .resolve(BackupFiles.fileName(database, request.compression(), started));
      Map<String, Long> rows = new LinkedHashMap<>();
      long estimated = schema.tables().stream().mapToLong(DumpSchema.Table::estimatedBytes).sum();
      listener.started("backup", schema.tables().size(), estimated);
      try (BackupOutput written = new BackupOutput(file, request.compression());
          CompressingPipe out = new CompressingPipe(written)) {
        out.appendText(header(serverVersion, started));
        for (String property : schema.databaseProperties())
          out.appendText("-- strata:database " + property + ";\n");
        for (DumpSchema.Table table : schema.tables()) {
          out.appendText(
              "\n-- strata:table "
                  + table.name()
                  + "\nDROP TABLE IF EXISTS "
                  + DumpSchema.quote(table.name())
                  + ";\n"
                  + table.create()
                  + ";\n");
          long count = copyRows(c, table, out, listener);
          rows.put(table.name(), count);
          listener.tableDone(table.name(), count);
        }
        out.appendText(programs(schema));
        out.appendText(FOOTER);
        out.finish();
        written.sync();
        Optional<String> latest = latestMigration(c, schema);
        try (Statement st = c.createStatement()) {
          st.execute("COMMIT");
        }
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
        DumpVerifier.verify(file, manifest);
        Path manifestFile = BackupManifest.pathFor(file);
        manifest.write(manifestFile);
        List<Path> deleted = BackupFiles.prune(request.outputDir(), database, request.keep(), file);
        return new BackupResult(file, manifestFile, manifest, deleted);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      deleteQuietly(file);
      if (e instanceof StrataException strata) throw strata;
      throw new StrataException(
          ExitCode.FAILED,
          "Backup of `" + database + "` failed: " + e.getMessage() + ". No backup file was kept.",
          e);
    }
  }

  private long copyRows(
      Connection c, DumpSchema.Table table, CompressingPipe out, BackupListener listener)
      throws SQLException, IOException {
    List<DumpSchema.Column> columns = table.stored();
    if (columns.isEmpty()) return 0;
    // Plain values, read as the text protocol sends them and written as literals here: the server
    // only reads rows (times and unknown types come as the server prints them).
    Literal[] kinds = new Literal[columns.size()];
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      DumpSchema.Column column = columns.get(i);
      String col = DumpSchema.quote(column.name());
      kinds[i] = Literal.of(column.dataType());
      if (i > 0) {
        select.append(", ");
        names.append(", ");
      }
      select.append(kinds[i] == Literal.PRINTED ? "CAST(" + col + " AS CHAR)" : col);
      names.append(col);
    }
    select
        .append(" FROM ")
        .append(DumpSchema.quote(database))
        .append('.')
        .append(DumpSchema.quote(table.name()));
    String insert = "INSERT INTO " + DumpSchema.quote(table.name()) + " (" + names + ") VALUES ";
    long count = 0;
    StringBuilder batch = new StringBuilder(INSERT_BYTES + 4096);
    try (Statement st = c.createStatement()) {
      st.setFetchSize(1000); // the driver streams the rows instead of holding them all
      try (ResultSet rs = st.executeQuery(select.toString())) {
        while (rs.next()) {
          batch.append(batch.isEmpty() ? insert : ",").append('(');
          for (int i = 0; i < kinds.length; i++) {
            if (i > 0) batch.append(',');
            kinds[i].append(batch, rs, i + 1);
          }
          batch.append(')');
          count++;
          if (batch.length() >= INSERT_BYTES) {
            out.appendText(batch.append(";\n").toString());
            listener.progress(table.name(), count, 0);
            batch.setLength(0);
          }
        }
      }
    }
    if (!batch.isEmpty()) out.appendText(batch.append(";\n").toString());
    return count;
  }

  /**
   * How a column's value becomes a literal that gives back the same value: numbers as the server
   * prints them, binary data as hex, text quoted with the client's escapes (so every INSERT is one
   * line), times and other types as the server prints them, quoted.
   */
  private enum Literal {
    NUMBER,
    HEX,
    TEXT,
    PRINTED;

    private static final Set<String> TEXT_TYPES =
        Set.of(
            "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");

    static Literal of(String dataType) {
      if (NUMBER_TYPES.contains(dataType)) return NUMBER;
      if (HEX_TYPES.contains(dataType)) return HEX;
      if (TEXT_TYPES.contains(dataType)) return TEXT;
      return PRINTED;
    }

    void append(StringBuilder out, ResultSet rs, int column) throws SQLException {
      if (this == HEX) {
        byte[] bytes = rs.getBytes(column);
        if (bytes == null) {
          out.append("NULL");
          return;
        }
        out.append("X'");
        for (byte b : bytes) out.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
        out.append('\'');
        return;
      }
      String value = rs.getString(column);
      if (value == null) out.append("NULL");
      else if (this == NUMBER) out.append(value);
      else quote(out, value);
    }

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private static void quote(StringBuilder out, String value) {
      out.append('\'');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\'' -> out.append("\\'");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\0' -> out.append("\\0");
          case (char) 26 -> out.append("\\Z");
          default -> out.append(c);
        }
      }
      out.append('\'');
    }
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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

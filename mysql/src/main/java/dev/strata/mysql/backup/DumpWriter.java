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
        if (rows.size() != schema.tables().size())
          throw new IOException(
              "only " + rows.size() + " of " + schema.tables().size() + " tables were copied");
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
    byte[] insert =
        utf8("INSERT INTO " + DumpSchema.quote(table.name()) + " (" + names + ") VALUES ");
    long count = 0;
    Bytes batch = new Bytes(INSERT_BYTES + 4096);
    try (Statement st = c.createStatement()) {
      st.setFetchSize(1000); // the driver streams the rows instead of holding them all
      try (ResultSet rs = st.executeQuery(select.toString())) {
        while (rs.next()) {
          if (batch.isEmpty()) batch.add(insert);
          else batch.add((byte) ',');
          batch.add((byte) '(');
          for (int i = 0; i < kinds.length; i++) {
            if (i > 0) batch.add((byte) ',');
            kinds[i].append(batch, rs, i + 1);
          }
          batch.add((byte) ')');
          count++;
          if (batch.length() >= INSERT_BYTES) {
            batch.add((byte) ';').add((byte) '\n');
            out.appendBytes(batch.copy());
            listener.progress(table.name(), count, 0);
            batch.clear();
          }
        }
      }
    }
    if (!batch.isEmpty()) out.appendBytes(batch.add((byte) ';').add((byte) '\n').copy());
    return count;
  }

  /**
   * The INSERTs being built, as the bytes the file holds. Values come from the driver as the bytes
   * the server sent (utf8mb4, the connection's character set, which the file declares with SET
   * NAMES): escaping them byte by byte, the characters that need it all ASCII, gives the same text
   * as decoding, escaping and encoding again, at a fraction of the work.
   */
  private static final class Bytes {
    private byte[] bytes;
    private int length;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    boolean isEmpty() {
      return length == 0;
    }

    int length() {
      return length;
    }

    Bytes add(byte b) {
      if (length == bytes.length) grow(1);
      bytes[length++] = b;
      return this;
    }

    Bytes add(byte[] more) {
      if (length + more.length > bytes.length) grow(more.length);
      System.arraycopy(more, 0, bytes, length, more.length);
      length += more.length;
      return this;
    }

    /** Text that is ASCII only: numbers as the server prints them, fixed SQL. */
    Bytes addAscii(String text) {
      if (length + text.length() > bytes.length) grow(text.length());
      for (int i = 0; i < text.length(); i++) bytes[length++] = (byte) text.charAt(i);
      return this;
    }

    private void grow(int needed) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + needed));
    }

    byte[] copy() {
      return java.util.Arrays.copyOf(bytes, length);
    }

    void clear() {
      length = 0;
    }
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

    void append(Bytes out, ResultSet rs, int column) throws SQLException {
      if (this == NUMBER) {
        // Digits, sign, point and exponent: ASCII as the server prints them.
        String value = rs.getString(column);
        if (value == null) out.addAscii("NULL");
        else out.addAscii(value);
        return;
      }
      byte[] bytes = rs.getBytes(column);
      if (bytes == null) {
        out.addAscii("NULL");
      } else if (this == HEX) {
        out.add((byte) 'X').add((byte) '\'');
        for (byte b : bytes) out.add(HEX_DIGITS[(b >> 4) & 0xF]).add(HEX_DIGITS[b & 0xF]);
        out.add((byte) '\'');
      } else {
        quote(out, bytes);
      }
    }

    private static final byte[] HEX_DIGITS = utf8("0123456789ABCDEF");

    /**
     * Quoted with the client's escapes, so that every INSERT stays on one line. The bytes that need
     * one are ASCII, and no byte of a multi-byte UTF-8 character is: each is matched alone.
     */
    private static void quote(Bytes out, byte[] value) {
      out.add((byte) '\'');
      for (byte b : value) {
        switch (b) {
          case '\'' -> out.add((byte) '\\').add((byte) '\'');
          case '\\' -> out.add((byte) '\\').add((byte) '\\');
          case '\n' -> out.add((byte) '\\').add((byte) 'n');
          case '\r' -> out.add((byte) '\\').add((byte) 'r');
          case 0 -> out.add((byte) '\\').add((byte) '0');
          case 26 -> out.add((byte) '\\').add((byte) 'Z');
          default -> out.add(b);
        }
      }
      out.add((byte) '\'');
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

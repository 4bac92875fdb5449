package dev.strata.postgres.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupFiles;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.BackupOutput;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.postgres.ConnectionSpec;
import dev.strata.postgres.catalog.SchemaDump;
import dev.strata.postgres.catalog.SchemaScript;
import dev.strata.postgres.catalog.TableData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.postgresql.PGConnection;

/**
 * Writes a backup: one plain-SQL file, ordered as pg_dump orders it (pre-data, data, post-data),
 * that {@code gunzip -c FILE | psql} restores without Strata. Data is read with COPY on several
 * connections that share one exported snapshot, so the copy is consistent while the application
 * writes.
 */
final class BackupWriter {
  private final ConnectionSpec spec;

  BackupWriter(ConnectionSpec spec) {
    this.spec = spec;
  }

  BackupResult write(BackupRequest request, BackupListener listener) {
    Path dir = request.outputDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED, "Cannot create backup folder " + dir + ": " + e.getMessage(), e);
    }
    // Names have one-second resolution: a second backup within the same second waits for the next.
    Instant started = Instant.now();
    while (Files.exists(
            dir.resolve(BackupFiles.fileName(spec.database(), request.compression(), started)))
        || Files.exists(
            dir.resolve(
                BackupFiles.fileName(spec.database(), request.compression(), started)
                    + ".incomplete"))) {
      try {
        Thread.sleep(1000 - started.toEpochMilli() % 1000 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StrataException(ExitCode.FAILED, "Interrupted before the backup started.", e);
      }
      started = Instant.now();
    }
    String fileName = BackupFiles.fileName(spec.database(), request.compression(), started);
    Path target = dir.resolve(fileName);
    Path incomplete = dir.resolve(fileName + ".incomplete");
    try (Connection main = spec.open()) {
      main.setAutoCommit(false);
      String snapshot;
      try (Statement st = main.createStatement()) {
        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
          rs.next();
          snapshot = rs.getString(1);
        }
      }
      listener.step("reading the schema");
      SchemaScript schema = SchemaDump.read(main);
      lockTables(main, schema.tables());
      String serverVersion = single(main, "SHOW server_version");
      Optional<String> latestMigration = latestMigration(main);
      List<String> databaseProperties = DatabaseProperties.read(main, spec.database());

      Map<String, Long> rowCounts;
      try (BackupOutput out = new BackupOutput(incomplete, request.compression())) {
        out.appendText(
            header(serverVersion, started)
                + section("pre-data", schema.preData())
                + section("data", List.of()));
        // A table's own indexes and keys follow its data; the rest of post-data follows all data.
        Map<String, List<String>> indexesByTable = new java.util.HashMap<>();
        java.util.Set<String> copied = new java.util.HashSet<>();
        for (TableData t : schema.tables()) copied.add(IndexFirst.normalize(t.qualifiedName()));
        List<String> post = new ArrayList<>();
        for (String s : IndexFirst.order(schema.postData())) {
          Optional<String> table = IndexFirst.indexedTable(s).filter(copied::contains);
          if (table.isPresent())
            indexesByTable.computeIfAbsent(table.get(), k -> new ArrayList<>()).add(s);
          else post.add(s);
        }
        rowCounts =
            copyData(schema.tables(), snapshot, request.jobs(), out, listener, indexesByTable);
        schema.sequences().forEach(s -> post.add(s.setvalStatement()));
        out.appendText(
            section("post-data", post)
                + section("ownership", schema.ownership())
                + "-- Strata backup complete.\n");
        out.sync();
        main.rollback();

        listener.step("verifying the file");
        String sha = out.sha256();
        long size = out.size();
        verify(incomplete, size, sha, rowCounts, schema.tables());
        Files.move(incomplete, target, StandardCopyOption.ATOMIC_MOVE);
        BackupManifest manifest =
            new BackupManifest(
                fileName,
                size,
                sha,
                spec.database(),
                request.compression().name().toLowerCase(java.util.Locale.ROOT),
                rowCounts,
                fingerprint(schema),
                latestMigration,
                serverVersion,
                request.strataVersion(),
                started,
                Instant.now(),
                databaseProperties);
        Path manifestFile = BackupManifest.pathFor(target);
        manifest.write(manifestFile);
        List<Path> deleted = BackupFiles.prune(dir, spec.database(), request.keep(), target);
        return new BackupResult(target, manifestFile, manifest, deleted);
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Backup of "
              + spec.database()
              + " failed: "
              + e.getMessage()
              + (Files.exists(incomplete)
                  ? ". The partial file is kept as " + incomplete + "."
                  : ""),
          e);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Backup of "
              + spec.database()
              + " failed writing "
              + incomplete
              + ": "
              + e.getMessage()
              + ". The partial file is kept with its .incomplete suffix.",
          e);
    }
  }

  /** The fingerprint restore compares with: the schema's DDL as Strata writes it, hashed. */
  static String fingerprint(SchemaScript schema) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String s : schema.preData())
        sha.update((s + ";\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update("--\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (String s : schema.postData())
        sha.update((s + ";\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Share locks, as pg_dump takes: nobody can drop or alter a table while it is being copied. */
  private static void lockTables(Connection main, List<TableData> tables) throws SQLException {
    if (tables.isEmpty()) return;
    try (Statement st = main.createStatement()) {
      StringBuilder sql = new StringBuilder("LOCK TABLE ");
      for (int i = 0; i < tables.size(); i++)
        sql.append(i == 0 ? "" : ", ").append(tables.get(i).qualifiedName());
      st.execute(sql.append(" IN ACCESS SHARE MODE").toString());
    }
  }

  private Map<String, Long> copyData(
      List<TableData> tables,
      String snapshot,
      int jobs,
      BackupOutput out,
      BackupListener listener,
      Map<String, List<String>> indexesByTable)
      throws SQLException, IOException {
    long estimated = tables.stream().mapToLong(TableData::estimatedBytes).sum();
    listener.started("backup", tables.size(), estimated);
    // Largest first, so that no big table starts last and leaves the other jobs idle.
    LinkedBlockingQueue<TableData> queue =
        new LinkedBlockingQueue<>(
            tables.stream()
                .sorted(Comparator.comparingLong(TableData::estimatedBytes).reversed())
                .toList());
    Map<String, Long> counts = new ConcurrentHashMap<>();
    int workers = Math.max(1, Math.min(jobs, tables.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "strata-backup");
              t.setDaemon(true);
              return t;
            });
    List<Connection> connections = new ArrayList<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Connection c = spec.open();
        connections.add(c);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
          // As pg_dump: a table under row-level security is copied whole or the backup fails, never
          // silently filtered to the rows this user may see.
          st.execute("SET row_security = off");
        }
        futures.add(
            pool.submit(
                () -> {
                  TableData table;
                  while ((table = queue.poll()) != null) {
                    counts.put(table.qualifiedName(), copyTable(c, table, out, listener));
                    List<String> indexes =
                        indexesByTable.getOrDefault(
                            IndexFirst.normalize(table.qualifiedName()), List.of());
                    if (!indexes.isEmpty()) {
                      StringBuilder text = new StringBuilder();
                      for (String s : indexes) text.append(s).append(";\n\n");
                      out.appendText(text.toString());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) await(f);
    } finally {
      pool.shutdownNow();
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException e) {
          // The copy already failed or finished; closing ends the read-only transaction.
        }
      }
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (TableData t : tables)
      ordered.put(t.qualifiedName(), counts.getOrDefault(t.qualifiedName(), 0L));
    return ordered;
  }

  private static long copyTable(
      Connection c, TableData table, BackupOutput out, BackupListener listener)
      throws SQLException, IOException {
    String columns = String.join(", ", table.copyColumns());
    String name = table.qualifiedName();
    CopyChunker chunker =
        new CopyChunker(
            "COPY " + name + " (" + columns + ") FROM stdin;\n",
            (data, length, rows) -> {
              out.append(data, length);
              listener.progress(name, rows, length);
            });
    c.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyOut("COPY " + name + " (" + columns + ") TO STDOUT", chunker);
    chunker.finish();
    listener.tableDone(name, chunker.rows());
    return chunker.rows();
  }

  private static void await(Future<?> f) throws SQLException, IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException s) throw s;
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException r) throw r;
      throw new IOException(cause);
    }
  }

  /**
   * Re-reads the written file: its SHA-256 and size must be what was written, and every table with
   * rows must have been copied. Anything short or empty is refused.
   */
  private static void verify(
      Path file, long size, String sha, Map<String, Long> rowCounts, List<TableData> tables)
      throws IOException {
    long actual = Files.size(file);
    if (actual != size || actual == 0) {
      throw new IOException("the file has " + actual + " bytes on disk, " + size + " were written");
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) digest.update(buffer, 0, n);
      String reread = HexFormat.of().formatHex(digest.digest());
      if (!reread.equals(sha))
        throw new IOException("the file on disk does not match what was written (SHA-256)");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (rowCounts.size() != tables.size()) {
      throw new IOException(
          "only " + rowCounts.size() + " of " + tables.size() + " tables were copied");
    }
  }

  private static String header(String serverVersion, Instant started) {
    return "--\n-- Strata backup, PostgreSQL "
        + serverVersion
        + ", taken "
        + started
        + "\n"
        + "-- Restore with `strata restore FILE`, or without Strata into an empty database:\n"
        + "--   gunzip -c FILE | psql -v ON_ERROR_STOP=1 -d DATABASE   (zstd -dc for .zst)\n--\n\n"
        + "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\n"
        + "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
        + "SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\n"
        + "SET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\n\n";
  }

  /** A section marker (a comment psql ignores, that restore reads) and its statements. */
  static String section(String name, List<String> statements) {
    StringBuilder text = new StringBuilder("-- strata:section ").append(name).append("\n\n");
    for (String s : statements) text.append(s).append(";\n\n");
    return text.toString();
  }

  private static Optional<String> latestMigration(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                    + " AND c.relname IN ('_prisma_migrations', '_strata_migrations') ORDER BY c.relname")) {
      while (rs.next()) tables.add(rs.getString(1));
    }
    for (String table : tables) {
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT migration_name FROM "
                      + table
                      + " WHERE finished_at IS NOT NULL"
                      + " AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1")) {
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
}

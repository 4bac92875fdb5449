package dev.strata.postgres.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.ChecksumStream;
import dev.strata.core.backup.Compression;
import dev.strata.core.backup.RestoreRequest;
import dev.strata.core.backup.RestoreResult;
import dev.strata.core.sql.SqlSyntaxException;
import dev.strata.postgres.AbandonedDatabases;
import dev.strata.postgres.ConnectionSpec;
import dev.strata.postgres.Sql;
import dev.strata.postgres.catalog.SchemaDump;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Restores a backup atomically: the file is loaded into a new database next to the target, checked,
 * and only then swapped in by renaming both databases in one transaction. Killed at any moment, the
 * target is either the old database, untouched, or the fully restored one.
 */
final class Restorer {
  private static final String PREFIX = "strata_restore_";

  private final ConnectionSpec spec;
  private final Runnable closeOwnConnection;

  Restorer(ConnectionSpec spec, Runnable closeOwnConnection) {
    this.spec = spec;
    this.closeOwnConnection = closeOwnConnection;
  }

  RestoreResult restore(RestoreRequest request, BackupListener listener) {
    String target = spec.database();
    String staging = stagingName();
    String maintenance = target.equals("postgres") ? "template1" : "postgres";
    try (Connection admin = spec.open(maintenance)) {
      dropAbandonedStagingDatabases(admin);
      createStaging(admin, target, staging);
      try {
        RestoreProgress progress =
            new RestoreProgress(
                listener, request.manifest().map(BackupManifest::rowCounts).orElse(Map.of()));
        long rows = load(staging, request, progress, listener);
        List<String> checks =
            new java.util.ArrayList<>(verify(staging, request.manifest(), progress, listener));
        // The backup's own; for a pg_dump file, which has none, the replaced database's.
        List<String> properties =
            request.manifest().isPresent()
                ? request.manifest().get().databaseProperties()
                : DatabaseProperties.read(admin, target);
        checks.addAll(
            DatabaseProperties.apply(admin, staging, properties, request.restoreOwnership()));
        listener.step("swapping the restored database in");
        closeOwnConnection.run();
        swap(admin, target, staging);
        int tables = request.manifest().map(m -> m.rowCounts().size()).orElse(0);
        return new RestoreResult(target, rows, tables, checks);
      } catch (RuntimeException | SQLException | IOException e) {
        dropQuietly(admin, staging);
        throw e;
      }
    } catch (SQLException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Restore into "
              + target
              + " failed: "
              + e.getMessage()
              + ". The database "
              + target
              + " was not changed.",
          e);
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Cannot read "
              + request.file()
              + ": "
              + e.getMessage()
              + ". The database "
              + target
              + " was not changed.",
          e);
    }
  }

  /** Unique per process and moment; the pid lets a later run see that its creator died. */
  private static String stagingName() {
    return AbandonedDatabases.name(
        PREFIX, DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(LocalDateTime.now()));
  }

  /**
   * A restore killed before its swap leaves its staging database; remove those whose process is
   * gone.
   */
  private static void dropAbandonedStagingDatabases(Connection admin) throws SQLException {
    AbandonedDatabases.drop(admin, PREFIX);
  }

  private static void createStaging(Connection admin, String target, String staging)
      throws SQLException {
    String encoding = "UTF8";
    String collate = null;
    String ctype = null;
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                    + " WHERE datname = "
                    + literal(target))) {
      if (rs.next()) {
        encoding = rs.getString(1);
        collate = rs.getString(2);
        ctype = rs.getString(3);
      }
    }
    try (Statement st = admin.createStatement()) {
      st.execute(
          "CREATE DATABASE "
              + ident(staging)
              + " TEMPLATE template0 ENCODING "
              + literal(encoding)
              + (collate == null
                  ? ""
                  : " LC_COLLATE " + literal(collate) + " LC_CTYPE " + literal(ctype)));
    }
  }

  private long load(
      String staging, RestoreRequest request, RestoreProgress progress, BackupListener listener)
      throws SQLException, IOException {
    Compression compression = Compression.ofFile(request.file().getFileName().toString());
    AtomicLong rows = new AtomicLong();
    ChecksumStream checksum =
        request.checksumDuringLoad() ? new ChecksumStream(request.file()) : null;
    try (InputStream raw =
            progress.counting(checksum != null ? checksum : Files.newInputStream(request.file()));
        InputStream data = compression.decompress(raw);
        Connection main = tuned(spec.open(staging));
        RestoreScheduler loaders = new RestoreScheduler(spec, staging, request.jobs())) {
      DumpReader reader = new DumpReader(data);
      SortMemory sortMemory = new SortMemory(main);
      List<PendingKey> keys = new ArrayList<>();
      String section = "";
      boolean sawData = false;
      boolean skipping = false;
      listener.started(
          "restore",
          request.manifest().map(m -> m.rowCounts().size()).orElse(0),
          request.manifest().map(m -> m.size()).orElse(Files.size(request.file())));
      DumpReader.Event event;
      while ((event = reader.next()) != null) {
        if (event instanceof DumpReader.Section s) {
          addKeys(main, loaders, keys, request);
          section = s.name();
          if (section.equals("post-data")) {
            progress.dataDone();
            listener.step("building indexes and constraints");
          }
          // Without a manifest the file is read to its end, to see that it is whole.
          if (section.equals("ownership") && !request.restoreOwnership()) {
            if (request.manifest().isPresent()) break;
            skipping = true;
          }
        } else if (event instanceof DumpReader.Data d) {
          sawData = true;
          String table = copyTarget(d.copyCommand());
          long fileOffset = progress.fileOffset();
          loaders.piece(
              IndexFirst.normalize(table),
              d.length(),
              c -> {
                long n = copyIn(c, d);
                reader.recycle(d.rows());
                rows.addAndGet(n);
                progress.loaded(table, n, fileOffset);
              },
              "data of `" + d.copyCommand() + "` at line " + d.line());
        } else if (skipping) {
          continue;
        } else if (event instanceof DumpReader.Sql s) {
          // Strata's files mark their sections. A pg_dump file does not, but all its post-data
          // follows all its data: there, what comes after the first COPY is data or post-data.
          boolean postData = section.equals("post-data") || (section.isEmpty() && sawData);
          boolean dataOrPost = postData || section.equals("data");
          var foreignKey =
              postData ? ForeignKeys.deferrable(s.text()) : Optional.<ForeignKeys.Deferred>empty();
          Optional<String> indexedTable = IndexFirst.indexedTable(s.text());
          if (dataOrPost && indexedTable.isPresent()) {
            // Built as soon as its table is loaded, while other tables go on loading.
            Optional<String> memory = sortMemory.forIndex(s.text());
            loaders.afterLoad(
                indexedTable.get(),
                c -> SortMemory.run(c, memory, build -> execute(build, s.text())),
                "line " + s.line(),
                IndexFirst.sharesTableLock(s.text()));
          } else if (postData && IndexFirst.buildsIndex(s.text())) {
            loaders.other(c -> execute(c, s.text()), "line " + s.line());
          } else if (dataOrPost && isSequenceValue(s.text())) {
            // pg_dump sets sequences among the table data: no reason to wait for the loads.
            loaders.other(c -> execute(c, s.text()), "line " + s.line());
          } else if (foreignKey.isPresent()) {
            keys.add(new PendingKey(foreignKey.get(), s));
          } else {
            addKeys(main, loaders, keys, request);
            loaders.awaitAll();
            if (isSessionSetting(s.text())) loaders.setting(s.text());
            execute(main, s, request);
          }
        }
      }
      addKeys(main, loaders, keys, request);
      loaders.awaitAll();
      if (checksum != null) checksum.requireMatch(request.manifest().orElseThrow());
      if (request.manifest().isEmpty() && !reader.endsWhole())
        throw new dev.strata.core.StrataException(
            dev.strata.core.ExitCode.USAGE,
            request.file()
                + " ends without the closing comment its dump tool writes (`-- PostgreSQL"
                + " database dump complete`, or `-- Strata backup complete.`): it was cut short."
                + " Take the dump again, or restore it with psql if you know it is whole. The"
                + " database was not changed.");
    } catch (SqlSyntaxException e) {
      throw refusedIfDamaged(checksum, request, new IOException(e.getMessage(), e));
    } catch (SQLException e) {
      throw refusedIfDamaged(checksum, request, e);
    } catch (IOException e) {
      throw refusedIfDamaged(checksum, request, e);
    } catch (RuntimeException e) {
      throw refusedIfDamaged(checksum, request, e);
    }
    return rows.get();
  }

  /**
   * A load that failed on a damaged file is reported as the damage (the SHA-256 mismatch), not as
   * whatever the damage made the decompressor or the server say.
   */
  private static <E extends Exception> E refusedIfDamaged(
      ChecksumStream checksum, RestoreRequest request, E failure) {
    if (checksum == null || failure instanceof dev.strata.core.StrataException) return failure;
    try {
      checksum.requireMatch(request.manifest().orElseThrow());
    } catch (dev.strata.core.StrataException damaged) {
      damaged.addSuppressed(failure);
      throw damaged;
    } catch (IOException unreadable) {
      failure.addSuppressed(unreadable);
    }
    return failure;
  }

  private static Connection tuned(Connection c) throws SQLException {
    RestoreScheduler.tune(c);
    return c;
  }

  /** A foreign key met in the dump, not added yet. */
  private record PendingKey(ForeignKeys.Deferred key, DumpReader.Sql statement) {}

  /**
   * Adds the foreign keys met so far, each as soon as both its tables are idle (so a key on a table
   * whose GIN index is still building waits while the others go ahead), {@code NOT VALID} on the
   * main connection, and queues its check on its table, so that keys are checked in parallel. Keys
   * do not depend on one another, so their order does not matter; the next statement of the dump
   * waits for all of them.
   */
  private static void addKeys(
      Connection main, RestoreScheduler loaders, List<PendingKey> keys, RestoreRequest request)
      throws SQLException, IOException {
    while (!keys.isEmpty()) {
      PendingKey next =
          keys.remove(loaders.awaitAnyIdle(keys.stream().map(k -> k.key().tables()).toList()));
      ForeignKeys.Deferred key = next.key();
      try {
        execute(main, next.statement().text() + " NOT VALID");
      } catch (SQLException notValidRefused) {
        // e.g. a partitioned table before PostgreSQL 18: add and check it in one go.
        execute(main, next.statement(), request);
        continue;
      }
      loaders.afterLoad(
          key.tables().get(0),
          c -> execute(c, key.validate()),
          "validating " + key.constraint(),
          false);
    }
  }

  /** Runs a statement of the dump on the main connection; a failure names its line. */
  private static void execute(Connection main, DumpReader.Sql s, RestoreRequest request)
      throws SQLException {
    try {
      execute(main, s.text());
    } catch (SQLException e) {
      throw new SQLException(
          request.file().getFileName() + " line " + s.line() + ": " + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }

  private static boolean isSequenceValue(String sql) {
    return sql.strip().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT PG_CATALOG.SETVAL(");
  }

  private static boolean isSessionSetting(String sql) {
    String s = sql.strip().toUpperCase(java.util.Locale.ROOT);
    return (s.startsWith("SET ") && !s.startsWith("SET CONSTRAINTS"))
        || s.startsWith("SELECT PG_CATALOG.SET_CONFIG(");
  }

  /** {@code COPY "s"."t" (a, b) FROM stdin} names the table {@code "s"."t"}. */
  static String copyTarget(String copyCommand) {
    String rest = copyCommand.substring("COPY ".length()).strip();
    int paren = rest.indexOf(" (");
    int from = rest.toUpperCase(java.util.Locale.ROOT).indexOf(" FROM ");
    int end = paren >= 0 && (from < 0 || paren < from) ? paren : from;
    return end < 0 ? rest : rest.substring(0, end).strip();
  }

  /** Sent straight from the piece, in messages of {@link #COPY_MESSAGE} bytes: no copy of it. */
  private static long copyIn(Connection c, DumpReader.Data d) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(d.copyCommand());
    try {
      for (int offset = 0; offset < d.length(); offset += COPY_MESSAGE) {
        copy.writeToCopy(d.rows(), offset, Math.min(COPY_MESSAGE, d.length() - offset));
      }
      return copy.endCopy();
    } finally {
      if (copy.isActive()) copy.cancelCopy();
    }
  }

  private static final int COPY_MESSAGE = 256 << 10;

  private List<String> verify(
      String staging,
      Optional<BackupManifest> manifest,
      RestoreProgress progress,
      BackupListener listener)
      throws SQLException {
    List<String> checks = new ArrayList<>();
    if (manifest.isEmpty()) {
      checks.add("no manifest: row counts and schema could not be verified");
      return checks;
    }
    listener.step("verifying row counts and schema");
    try (Connection c = spec.open(staging)) {
      // COPY reports how many rows it stored: compare those with the manifest, table by table,
      // without scanning the restored tables again.
      long total = 0;
      for (Map.Entry<String, Long> e : manifest.get().rowCounts().entrySet()) {
        long count = progress.rows(e.getKey());
        if (count != e.getValue()) {
          throw new SQLException(
              "table "
                  + e.getKey()
                  + " received "
                  + count
                  + " rows, the backup holds "
                  + e.getValue());
        }
        total += count;
      }
      checks.add(
          "rows loaded into each of "
              + manifest.get().rowCounts().size()
              + " tables equal the manifest's counts ("
              + total
              + " rows)");
      c.setAutoCommit(false);
      String fingerprint = BackupWriter.fingerprint(SchemaDump.read(c));
      c.rollback();
      if (!fingerprint.equals(manifest.get().schemaFingerprint())) {
        throw new SQLException(
            "the restored schema differs from the backed-up one (fingerprint "
                + fingerprint.substring(0, 12)
                + " instead of "
                + manifest.get().schemaFingerprint().substring(0, 12)
                + ")");
      }
      checks.add("schema fingerprint equals the manifest's (" + fingerprint.substring(0, 12) + ")");
    }
    return checks;
  }

  /**
   * Both renames in one transaction: there is always exactly one database named {@code target}. The
   * target's other sessions must go first (PostgreSQL renames only databases nobody is connected
   * to).
   */
  private static void swap(Connection admin, String target, String staging) throws SQLException {
    boolean exists;
    String owner = null;
    try (Statement st = admin.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = "
                    + literal(target))) {
      exists = rs.next();
      if (exists) owner = rs.getString(1);
    }
    String old =
        (target.length() > 40 ? target.substring(0, 40) : target)
            + "_strata_old_"
            + ProcessHandle.current().pid();
    try (Statement st = admin.createStatement()) {
      if (owner != null)
        st.execute("ALTER DATABASE " + ident(staging) + " OWNER TO " + ident(owner));
      if (exists) {
        st.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                + literal(target)
                + " AND pid <> pg_backend_pid()");
      }
      admin.setAutoCommit(false);
      try {
        if (exists) st.execute("ALTER DATABASE " + ident(target) + " RENAME TO " + ident(old));
        st.execute("ALTER DATABASE " + ident(staging) + " RENAME TO " + ident(target));
        admin.commit();
      } catch (SQLException e) {
        admin.rollback();
        throw new SQLException(
            "could not swap the restored database in ("
                + e.getMessage()
                + "); are sessions"
                + " still connected to "
                + target
                + "?",
            e.getSQLState(),
            e);
      } finally {
        admin.setAutoCommit(true);
      }
      if (exists) st.execute("DROP DATABASE IF EXISTS " + ident(old) + " WITH (FORCE)");
    }
  }

  private static void dropQuietly(Connection admin, String database) {
    try (Statement st = admin.createStatement()) {
      if (!admin.getAutoCommit()) admin.setAutoCommit(true);
      st.execute("DROP DATABASE IF EXISTS " + ident(database) + " WITH (FORCE)");
    } catch (SQLException e) {
      // Best effort: the next restore removes abandoned staging databases.
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    }
  }

  static String ident(String name) {
    return Sql.identifier(name);
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}

package dev.strata.mysql.backup;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupManifest;
import dev.strata.core.backup.ChecksumStream;
import dev.strata.core.backup.Compression;
import dev.strata.core.backup.RestoreRequest;
import dev.strata.core.backup.RestoreResult;
import dev.strata.core.sql.SqlStatement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Restores a backup over a MySQL or MariaDB database. The file is loaded into a staging database on
 * the same server and checked there (rows per table and the schema's fingerprint against the
 * manifest; the SHA-256 when asked); nothing of the live database is touched until then. Plain
 * secondary keys are built after the rows ({@link DeferredKeys}), a sorted build instead of a
 * random write per row. The swap moves the live tables out and the restored ones in with one {@code
 * RENAME TABLE} statement, which the server applies whole or not at all; the live triggers are
 * dropped just before it (a table with triggers cannot change database), and the backup's views,
 * routines, triggers and events are created just after it.
 */
final class DumpRestorer {
  /** Statements a dump of one database never needs, which would reach outside the staging one. */
  private static final Set<String> OUTSIDE = Set.of("USE", "CONNECT");

  private static final java.util.regex.Pattern INTO =
      java.util.regex.Pattern.compile("(?i)INSERT\\s+(?:IGNORE\\s+)?INTO\\s+(`(?:[^`]|``)+`|\\S+)");

  private final DumpWriter.Connector connector;
  private final String database;

  DumpRestorer(DumpWriter.Connector connector, String database) {
    this.connector = connector;
    this.database = database;
  }

  RestoreResult restore(RestoreRequest request, BackupListener listener) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String staging = shortName("strata_restore_" + suffix + "_", database);
    String old = shortName("strata_old_" + suffix + "_", database);
    boolean swapped = false;
    try (Connection live = connector.open()) {
      lock(live);
      finishInterrupted(live, listener);
      execute(live, "CREATE DATABASE " + DumpSchema.quote(staging));
      try {
        Map<String, Long> loaded = new java.util.HashMap<>();
        long rows = load(request, staging, listener, loaded);
        List<String> checks = check(request, staging, listener, loaded);
        listener.step("swapping the restored tables in");
        swap(live, staging, old, request);
        swapped = true;
        int tables = request.manifest().map(m -> m.rowCounts().size()).orElse(-1);
        return new RestoreResult(database, rows, tables, checks);
      } finally {
        if (!swapped) dropQuietly(live, staging);
      }
    } catch (SQLException | IOException e) {
      throw new StrataException(
          ExitCode.FAILED,
          "Restore into `"
              + database
              + "` failed: "
              + e.getMessage()
              + (swapped ? "." : ". The database was not changed."),
          e);
    }
  }

  /**
   * Finishes the swap of an earlier restore that was killed inside it (its journal says what is
   * left), and drops what killed restores left before their swap (staging databases, an old-tables
   * database without a journal): this restore holds the restore lock, so none of them is in use.
   */
  private void finishInterrupted(Connection live, BackupListener listener) throws SQLException {
    for (String old : SwapJournal.interrupted(live)) {
      if (!ours(old)) continue;
      listener.step(
          "finishing the swap of an earlier restore of `"
              + database
              + "` that was stopped inside it");
      SwapJournal.finish(live, old);
    }
    List<String> stale = new ArrayList<>();
    try (Statement st = live.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE"
                    + " 'strata\\_restore\\_%' OR SCHEMA_NAME LIKE 'strata\\_old\\_%'")) {
      while (rs.next()) if (ours(rs.getString(1))) stale.add(rs.getString(1));
    }
    for (String name : stale) {
      listener.step("dropping `" + name + "`, left by a restore stopped before its swap");
      execute(live, "DROP DATABASE IF EXISTS " + DumpSchema.quote(name));
    }
  }

  /** Whether a staging or old-tables database was made by a restore of this database. */
  private boolean ours(String name) {
    return name.matches(
        "strata_(restore|old)_[0-9a-f]{8}_" + java.util.regex.Pattern.quote(truncated(database)));
  }

  /** One restore of a database at a time. */
  private void lock(Connection live) throws SQLException {
    try (PreparedStatement st = live.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      st.setString(1, lockName());
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next() && rs.getInt(1) == 1) return;
      }
    }
    throw new StrataException(
        ExitCode.LOCKED,
        "Another restore of `"
            + database
            + "` is running. Wait for it to finish; nothing was changed.");
  }

  private String lockName() {
    String name = "strata:restore:" + database;
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /**
   * @param loaded filled with the rows inserted into each table
   */
  private long load(
      RestoreRequest request, String staging, BackupListener listener, Map<String, Long> loaded)
      throws IOException, SQLException {
    ChecksumStream checksum =
        request.checksumDuringLoad() ? new ChecksumStream(request.file()) : null;
    InputStream raw = checksum != null ? checksum : Files.newInputStream(request.file());
    long rows = 0;
    listener.started(
        "restore",
        request.manifest().map(m -> m.rowCounts().size()).orElse(0),
        Files.size(request.file()));
    try (ParallelLoader c = new ParallelLoader(connector, staging, request.jobs());
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    Compression.ofFile(request.file().getFileName().toString()).decompress(raw),
                    // Statements go to the server as UTF-8 text: bytes that are not UTF-8 (binary
                    // data dumped without --hex-blob) would not arrive as they are in the file.
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)),
                1 << 16)) {
      DumpStatements statements = new DumpStatements(in);
      try {
        rows = load(c, statements, request, listener);
        if (request.manifest().isEmpty()) requireWhole(request, statements);
        loaded.putAll(c.rowsByTable());
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new StrataException(
            ExitCode.USAGE,
            request.file()
                + " is not UTF-8 text after line "
                + statements.line()
                + ": binary data dumped as raw bytes (mysqldump without --hex-blob), which"
                + " cannot be sent to the server as they are. Dump with --hex-blob, or restore it"
                + " with the mariadb client. The database was not changed.",
            e);
      }
    }
    if (checksum != null && request.manifest().isPresent()) {
      listener.step("checking the file's SHA-256");
      checksum.requireMatch(request.manifest().get());
    }
    return rows;
  }

  /**
   * A file without a manifest has nothing to check it against but its own last line: mysqldump and
   * mariadb-dump end theirs with {@code -- Dump completed}, Strata with {@code -- strata:end}. A
   * file cut short (a dump killed, a copy interrupted) ends without it, and its rows would be
   * swapped in as if whole.
   */
  private static void requireWhole(RestoreRequest request, DumpStatements statements) {
    String last = statements.lastLine();
    if (last.equals("-- strata:end") || last.startsWith("-- Dump completed")) return;
    throw new StrataException(
        ExitCode.USAGE,
        request.file()
            + " ends at line "
            + statements.line()
            + " without the closing line its dump tool writes (`-- Dump completed`, or `--"
            + " strata:end`): it was cut short. Take the dump again, or restore it with the mariadb"
            + " client if you know it is whole. The database was not changed.");
  }

  private long load(
      ParallelLoader loader,
      DumpStatements statements,
      RestoreRequest request,
      BackupListener listener)
      throws IOException, SQLException {
    String table = null;
    SqlStatement s;
    while ((s = statements.next()) != null) {
      List<String> words = s.words();
      String first = words.isEmpty() ? "" : words.get(0);
      if (OUTSIDE.contains(first)
          || ((first.equals("CREATE") || first.equals("DROP"))
              && words.size() > 1
              && (words.get(1).equals("DATABASE") || words.get(1).equals("SCHEMA")))) {
        throw new StrataException(
            ExitCode.USAGE,
            request.file()
                + " line "
                + s.startLine()
                + " changes database ("
                + String.join(" ", words.subList(0, Math.min(2, words.size())))
                + "): it is a dump of several databases (mysqldump --databases). Restore it"
                + " with the mariadb client, or dump the one database alone. The database was"
                + " not changed.");
      }
      // mysqldump locks each table while it inserts: in the staging database nobody else writes,
      // and a lock held by one loading connection would stop the others.
      if (first.equals("LOCK") || first.equals("UNLOCK")) continue;
      if (first.equals("INSERT")) {
        java.util.regex.Matcher into = INTO.matcher(s.text());
        if (into.lookingAt()) table = unquote(into.group(1));
        loader.insert(table, s);
        listener.progress(table, loader.rows(), 0);
      } else if (s.startsWith("CREATE", "TABLE")) {
        // A new table's foreign keys need their parents' keys built unless checks are off, as
        // every dump sets them.
        if (s.text().contains("FOREIGN KEY") && loader.checksForeignKeys())
          buildKeys(loader, listener);
        java.util.Optional<DeferredKeys> split = DeferredKeys.split(s.text());
        if (split.isPresent()) {
          loader.ordered(s, split.get().create());
          loader.defer(split.get());
        } else {
          loader.ordered(s);
        }
      } else {
        if (!leavesKeysDeferred(s, loader)) buildKeys(loader, listener);
        loader.ordered(s);
      }
    }
    long rows = loader.finish();
    buildKeys(loader, listener);
    return rows;
  }

  private static final java.util.regex.Pattern DROP_TABLE =
      java.util.regex.Pattern.compile(
          "(?is)\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(`(?:[^`]|``)+`)\\s*;?\\s*");

  /**
   * Whether a statement can run while tables wait for their keys: one that sees no table as it
   * stands (settings, mysqldump's DISABLE/ENABLE KEYS, which InnoDB ignores, the DROP TABLE before
   * another table's CREATE). Before anything else (a view, a trigger, an ALTER) the keys are built,
   * so that it finds every table as the dump made it.
   */
  private static boolean leavesKeysDeferred(SqlStatement s, ParallelLoader loader) {
    List<String> w = s.words();
    if (w.isEmpty() || w.get(0).equals("SET")) return true;
    if (s.startsWith("ALTER", "TABLE")
        && w.size() == 4
        && (w.get(2).equals("DISABLE") || w.get(2).equals("ENABLE"))
        && w.get(3).equals("KEYS")) return true;
    java.util.regex.Matcher drop = DROP_TABLE.matcher(s.text());
    return drop.matches() && !loader.defers(drop.group(1));
  }

  private static void buildKeys(ParallelLoader loader, BackupListener listener)
      throws SQLException {
    int keys = loader.deferredKeys();
    if (keys == 0) return;
    listener.step(
        "building " + keys + " secondary " + (keys == 1 ? "key" : "keys") + " after the rows");
    loader.buildDeferredKeys();
  }

  /** A table's name as an INSERT writes it: in backticks (doubled inside) or bare. */
  static String unquote(String name) {
    return name.length() >= 2 && name.startsWith("`") && name.endsWith("`")
        ? name.substring(1, name.length() - 1).replace("``", "`")
        : name;
  }

  /**
   * Rows per table and the schema in the staging database, against the manifest. The rows are those
   * the server said each INSERT stored (nothing else writes to the staging database while it loads;
   * its triggers come after the rows): counting them again took seconds on millions of rows.
   *
   * @param loaded the rows inserted into each table
   */
  private List<String> check(
      RestoreRequest request, String staging, BackupListener listener, Map<String, Long> loaded)
      throws SQLException {
    List<String> checks = new ArrayList<>();
    if (request.manifest().isEmpty()) {
      checks.add("unverified: the file has no manifest to check rows and schema against");
      return checks;
    }
    BackupManifest manifest = request.manifest().get();
    listener.step("verifying rows and schema");
    try (Connection c = connector.open(staging)) {
      Map<String, Long> counted = new LinkedHashMap<>();
      for (String table : manifest.rowCounts().keySet())
        counted.put(table, loaded.getOrDefault(table, 0L));
      List<String> unlisted =
          loaded.entrySet().stream()
              .filter(e -> e.getValue() > 0 && !manifest.rowCounts().containsKey(e.getKey()))
              .map(e -> e.getKey() + ": " + e.getValue() + " rows, not in the manifest")
              .sorted()
              .toList();
      if (!counted.equals(manifest.rowCounts()) || !unlisted.isEmpty()) {
        List<String> differ = new ArrayList<>(unlisted);
        for (var e : manifest.rowCounts().entrySet()) {
          Long got = counted.get(e.getKey());
          if (!e.getValue().equals(got))
            differ.add(e.getKey() + ": " + got + " rows, the manifest says " + e.getValue());
        }
        throw new StrataException(
            ExitCode.FAILED,
            "The restored rows differ from the backup's manifest ("
                + String.join("; ", differ)
                + "). The database was not changed.");
      }
      checks.add(
          "rows: "
              + manifest.totalRows()
              + " in "
              + counted.size()
              + " tables, as in the manifest");
      String fingerprint = DumpSchema.read(c, staging, List.of()).fingerprint();
      if (!fingerprint.equals(manifest.schemaFingerprint())) {
        throw new StrataException(
            ExitCode.FAILED,
            "The restored schema differs from the one the backup recorded (fingerprint "
                + fingerprint.substring(0, 12)
                + " against "
                + manifest
                    .schemaFingerprint()
                    .substring(0, Math.min(12, manifest.schemaFingerprint().length()))
                + "); the server may have changed a definition. The database was not changed.");
      }
      checks.add("schema: the same as when the backup was taken");
    }
    return checks;
  }

  /**
   * Moves the live tables into {@code old} and the restored ones into the live database in one
   * RENAME TABLE, then gives the live database the backup's views, routines, triggers and events.
   */
  private void swap(Connection live, String staging, String old, RestoreRequest request)
      throws SQLException {
    List<String> steps =
        swapSteps(
            live,
            staging,
            old,
            request.manifest().map(BackupManifest::databaseProperties).orElse(List.of()));
    execute(live, "CREATE DATABASE " + DumpSchema.quote(old));
    SwapJournal.write(live, old, steps);
    SwapJournal.finish(live, old);
  }

  /** The swap's statements, in order, each safe to run again; the last drops {@code old}. */
  List<String> swapSteps(Connection live, String staging, String old, List<String> properties)
      throws SQLException {
    DumpSchema restored;
    try (Connection c = connector.open(staging)) {
      restored = DumpSchema.read(c, staging, List.of());
    }
    DumpSchema current = DumpSchema.read(live, database, List.of());
    List<String> steps = new ArrayList<>();
    // A table with triggers cannot move to another database, nor a view: the staging copies go
    // first (they are made again below), then the live triggers, just before the one statement
    // that swaps the tables.
    for (DumpSchema.Named t : restored.triggers())
      steps.add("DROP TRIGGER IF EXISTS " + qualified(staging, t.name()));
    for (DumpSchema.Named v : restored.views())
      steps.add("DROP VIEW IF EXISTS " + qualified(staging, v.name()));
    for (DumpSchema.Named t : current.triggers())
      steps.add("DROP TRIGGER IF EXISTS " + qualified(database, t.name()));
    List<String> moves = new ArrayList<>();
    for (DumpSchema.Table t : current.tables())
      moves.add(qualified(database, t.name()) + " TO " + qualified(old, t.name()));
    for (DumpSchema.Table t : restored.tables())
      moves.add(qualified(staging, t.name()) + " TO " + qualified(database, t.name()));
    if (!moves.isEmpty()) steps.add("RENAME TABLE " + String.join(", ", moves));
    for (DumpSchema.Named v : current.views())
      steps.add("DROP VIEW IF EXISTS " + qualified(database, v.name()));
    for (DumpSchema.Named r : current.routines()) {
      String[] parts = r.name().split(" ", 2);
      steps.add("DROP " + parts[0] + " IF EXISTS " + qualified(database, parts[1]));
    }
    for (DumpSchema.Named e : current.events())
      steps.add("DROP EVENT IF EXISTS " + qualified(database, e.name()));
    // Run on a connection to the live database: the definitions name no database.
    for (DumpSchema.Named v : restored.views())
      steps.add(v.create().replaceFirst("^CREATE ", "CREATE OR REPLACE "));
    for (DumpSchema.Named r : restored.routines()) {
      String[] parts = r.name().split(" ", 2);
      steps.add("DROP " + parts[0] + " IF EXISTS " + qualified(database, parts[1]));
      steps.add(r.create());
    }
    for (DumpSchema.Named t : restored.triggers()) {
      steps.add("DROP TRIGGER IF EXISTS " + qualified(database, t.name()));
      steps.add(t.create());
    }
    for (DumpSchema.Named e : restored.events()) {
      steps.add("DROP EVENT IF EXISTS " + qualified(database, e.name()));
      steps.add(e.create());
    }
    for (String property : properties)
      if (property.toUpperCase(Locale.ROOT).startsWith("ALTER DATABASE ")) steps.add(property);
    steps.add("DROP DATABASE IF EXISTS " + DumpSchema.quote(staging));
    steps.add("DROP DATABASE IF EXISTS " + DumpSchema.quote(old));
    return steps;
  }

  private static String qualified(String database, String name) {
    return DumpSchema.quote(database) + "." + DumpSchema.quote(name);
  }

  /** Database names are at most 64 characters: the live name is shortened to fit after a prefix. */
  private static String shortName(String prefix, String database) {
    return prefix
        + truncated(database)
            .substring(0, Math.min(truncated(database).length(), 64 - prefix.length()));
  }

  private static String truncated(String database) {
    return database.length() <= 40 ? database : database.substring(0, 40);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      st.execute(sql);
    }
  }

  private static void dropQuietly(Connection c, String database) {
    try {
      execute(c, "DROP DATABASE IF EXISTS " + DumpSchema.quote(database));
    } catch (SQLException e) {
      // Left behind: named by the next restore's refusal only if it is an old-tables database.
    }
  }
}

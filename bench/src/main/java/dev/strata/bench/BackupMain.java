package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup suite ({@code bench/run backup}): generates (or reuses) a source database of at least
 * {@code --size-gb} of table data, then per round and tool backs it up, restores the file into a
 * fresh database, verifies the restore against the source and drops it. Tools are interleaved and
 * their order rotates per round. See bench/README.md.
 */
final class BackupMain {

  private static final PrintStream OUT = System.out;

  private final BackupOptions options;

  /** Databases to drop if the harness is interrupted (Ctrl-C). */
  private volatile String currentDatabase;

  private volatile String scratchSource;

  private BackupMain(BackupOptions options) {
    this.options = options;
  }

  static void main(String[] args) {
    Launcher.launch(
        args, BackupOptions::parse, BackupOptions.USAGE, options -> new BackupMain(options).run());
  }

  private int run() throws IOException, SQLException, InterruptedException {
    PgServer server = PgServer.parse(options.url());
    Files.createDirectories(options.workDir());
    Path work = Files.createTempDirectory(options.workDir(), "strata-bench-backup-");
    Path logs = Files.createDirectories(work.resolve("logs"));
    boolean gnuTime = gnuTime();
    BackupTool.Context context =
        new BackupTool.Context(
            server,
            null,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            options.strataJar().toAbsolutePath().normalize(),
            options.strataXmx(),
            options.strataJobs(),
            options.pgTool("pg_dump"),
            options.pgTool("pg_restore"),
            options.pgTool("psql"),
            gnuTime,
            Math.max(20, (long) Math.ceil(options.sizeGb() * 30)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropOnExit(server)));

    List<String> notes = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Map<String, BackupReport.ToolResult> results = new LinkedHashMap<>();
    boolean failed = false;
    Report.Machine machine;
    BackupReport.Setup setup;
    try (AdminDb admin = new AdminDb(server)) {
      machine = Main.machine(admin, context.psql());
      printHeader(machine, context, work);

      List<BackupTool> tools = new ArrayList<>();
      for (String name : options.tools()) {
        BackupTool tool = BackupTool.named(name);
        String reason = tool.unavailableReason(context);
        results.put(
            name,
            new BackupReport.ToolResult(
                name,
                tool.isStrata(),
                tool.backupLabel(),
                tool.restoreLabel(),
                tool.describeBackup(context),
                tool.describeRestore(context),
                new ArrayList<>(),
                new ArrayList<>(),
                null,
                null,
                reason));
        if (reason == null) {
          tools.add(tool);
        } else {
          OUT.println("skipping " + name + ": " + reason);
        }
      }
      if (tools.isEmpty()) {
        System.err.println("error: no tool can run");
        Main.deleteTree(work);
        return 1;
      }

      // ---------------------------------------------------------------- source
      String source;
      String origin;
      Long dataBytes;
      Double generationSeconds = null;
      if (options.keepSource() != null && admin.exists(options.keepSource())) {
        source = options.keepSource();
        String comment = admin.comment(source);
        boolean ours = comment != null && comment.startsWith(BackupSource.MARKER);
        dataBytes = ours ? dataBytes(comment) : null;
        origin = ours ? "reused, generated earlier by the harness" : "reused, NOT generated here";
        OUT.println("source: " + source + " exists, " + origin);
        if (dataBytes != null && dataBytes < options.targetBytes()) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "the reused source holds %s of table data, less than --size-gb %.2f",
                  BackupReport.gib(dataBytes),
                  options.sizeGb()));
        }
      } else {
        String temp = AdminDb.PREFIX + "backup_src_" + random();
        scratchSource = temp;
        OUT.printf(
            Locale.ROOT,
            "source: generating %s, %.2f GiB of table data...%n",
            temp,
            options.sizeGb());
        BackupSource.Generated g =
            BackupSource.generate(
                admin, server, temp, options.targetBytes(), options.tables(), OUT);
        generationSeconds = g.seconds();
        dataBytes = g.dataBytes();
        if (options.keepSource() != null) {
          // renamed only once complete, so a half-generated source is never reused
          admin.rename(temp, options.keepSource());
          source = options.keepSource();
          scratchSource = null;
        } else {
          source = temp;
        }
        origin =
            String.format(Locale.ROOT, "generated in %.1f s, %d slices", g.seconds(), g.slices());
        OUT.printf(
            Locale.ROOT,
            "source: %s generated in %.1f s: %s table data, %s with indexes%n",
            source,
            g.seconds(),
            BackupReport.gib(g.dataBytes()),
            BackupReport.gib(g.totalBytes()));
      }
      context = withSource(context, source);
      DbSnapshot snapshot;
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(source))) {
        snapshot = DbSnapshot.take(c);
      }
      long sourceBytes = admin.databaseSize(source);
      OUT.printf(
          Locale.ROOT,
          "source: %s, %d tables, %,d rows, %d indexes, %d constraints, %d sequences%n",
          BackupReport.gib(sourceBytes),
          snapshot.rows().size(),
          snapshot.totalRows(),
          snapshot.totalIndexes(),
          snapshot.totalConstraints(),
          snapshot.sequences().size());
      setup =
          new BackupReport.Setup(
              source,
              origin,
              options.sizeGb(),
              dataBytes,
              sourceBytes,
              generationSeconds,
              snapshot,
              options.runs(),
              options.strataXmx(),
              options.strataJobs(),
              gnuTime
                  ? "GNU time: peak RSS = ru_maxrss of the largest single process, CPU = user+sys of the whole client process tree"
                  : "polled /proc/PID/status VmHWM of the direct child every 50 ms (no GNU time); no CPU figures");
      admin.checkpoint();
      sync();
      warmUp(context, logs, notes);
      OUT.println();

      // ---------------------------------------------------------------- rounds
      for (int round = 0; round < options.runs(); round++) {
        String label = "run " + (round + 1);
        for (BackupTool tool : rotate(tools, round)) {
          BackupReport.ToolResult result = results.get(tool.name());
          if (result.failed()) {
            continue;
          }
          String base = tool.name() + "-run" + (round + 1);
          Path dir = Files.createDirectories(work.resolve("backups").resolve(base));
          Path backupLog = logs.resolve(base + "-backup.log");
          BackupTool.Outcome b = tool.backup(context, dir, backupLog);
          String failure = failure(b);
          if (failure == null && b.file() == null) {
            failure = b.detail();
          }
          OUT.printf(
              Locale.ROOT,
              "%-6s %-13s backup  %8.1f s  %8.1f MiB  %s%n",
              label,
              tool.name(),
              b.millis() / 1000,
              b.bytes() / 1048576.0,
              failure == null ? "ok" : "FAILED (" + failure + ")");
          if (failure != null) {
            failed = true;
            printTail(backupLog);
            results.put(tool.name(), result.failBackup(failure + " (log: " + backupLog + ")"));
            continue;
          }
          result.backups().add(BackupReport.Run.of(round + 1, b, b.bytes(), null));
          if (tool.isStrata() && !hasManifest(dir)) {
            String note = tool.name() + " backup wrote no *.manifest.json into its --output folder";
            if (!notes.contains(note)) {
              notes.add(note);
            }
          }
          sync();
          admin.checkpoint();

          String database =
              AdminDb.PREFIX
                  + "backup_"
                  + tool.name().replace('-', '_')
                  + "_"
                  + (round + 1)
                  + "_"
                  + random();
          Path restoreLog = logs.resolve(base + "-restore.log");
          admin.createFromTemplate0(database);
          currentDatabase = database;
          created.add(database);
          BackupTool.Outcome r;
          Long dbBytes = null;
          try {
            r = tool.restore(context, b.file(), database, restoreLog);
            failure = failure(r);
            admin.checkpoint();
            if (failure == null) {
              DbSnapshot restored;
              try (Connection c = DriverManager.getConnection(server.jdbcUrl(database))) {
                restored = DbSnapshot.take(c);
              }
              List<String> differences = snapshot.differences(restored);
              if (!differences.isEmpty()) {
                failure =
                    "restored database differs: "
                        + String.join("; ", differences.subList(0, Math.min(5, differences.size())))
                        + (differences.size() > 5 ? "; ..." : "");
              }
              List<String> extras = snapshot.extras(restored);
              if (!extras.isEmpty()) {
                String note =
                    tool.name()
                        + " restore adds what the source lacks: "
                        + String.join(", ", extras);
                if (!notes.contains(note)) {
                  notes.add(note);
                }
              }
              dbBytes = admin.databaseSize(database);
            }
          } finally {
            admin.drop(database);
            currentDatabase = null;
            admin.checkpoint();
          }
          OUT.printf(
              Locale.ROOT,
              "%-6s %-13s restore %8.1f s  %8.1f MiB  %s%n",
              label,
              tool.name(),
              r.millis() / 1000,
              dbBytes == null ? 0.0 : dbBytes / 1048576.0,
              failure == null ? "ok, verified" : "FAILED (" + failure + ")");
          if (failure != null) {
            failed = true;
            printTail(restoreLog);
            results.put(tool.name(), result.failRestore(failure + " (log: " + restoreLog + ")"));
          } else {
            result.restores().add(BackupReport.Run.of(round + 1, r, null, dbBytes));
          }
          if (!options.keepFiles() && failure == null) {
            Main.deleteTree(dir);
          }
          sync();
        }
      }

      // ---------------------------------------------------------------- clean-up
      if (scratchSource != null) {
        admin.drop(scratchSource);
        created.add(scratchSource);
        scratchSource = null;
      }
      List<String> remaining = new ArrayList<>(admin.leftovers());
      remaining.retainAll(created);
      if (remaining.isEmpty()) {
        notes.add(
            "all "
                + created.size()
                + " database(s) the run created were dropped"
                + (options.keepSource() != null
                    ? " (the kept source " + source + " excepted)"
                    : ""));
      } else {
        failed = true;
        notes.add("databases NOT dropped: " + String.join(", ", remaining));
      }
    }

    addMethodNotes(notes, context);
    BackupReport report = new BackupReport(machine, setup, List.copyOf(results.values()), notes);
    report.print(OUT);
    report.writeJson(options.out());
    OUT.println("result written to " + options.out().toAbsolutePath().normalize());
    if (options.keepFiles() || failed) {
      OUT.println("backup files and logs kept in " + work);
    } else {
      Main.deleteTree(work);
    }
    return failed ? 1 : 0;
  }

  private static String failure(BackupTool.Outcome o) {
    return o.exitCode() == BackupTool.TIMED_OUT
        ? "timed out"
        : o.exitCode() != 0 ? "exit code " + o.exitCode() : null;
  }

  /**
   * One untimed {@code pg_dump -f /dev/null} first: reads every table (and TOAST) once, so the
   * first timed tool does not pay for a cold page cache; its time is the floor of a single-stream
   * dump without compression, kept as a note.
   */
  private void warmUp(BackupTool.Context context, Path logs, List<String> notes)
      throws IOException, InterruptedException {
    if (context.pgDump() == null) {
      return;
    }
    OUT.print("warm-up: pg_dump -d SRC -f /dev/null ... ");
    OUT.flush();
    Path log = logs.resolve("warmup.log");
    BackupTool.Outcome o =
        BackupTool.exec(
            context,
            List.of(
                context.pgDump().toString(),
                "-d",
                context.server().libpqUrl(context.source()),
                "-f",
                "/dev/null"),
            Map.of(),
            null,
            log);
    OUT.printf(Locale.ROOT, "%.1f s%s%n", o.millis() / 1000, o.exitCode() == 0 ? "" : " FAILED");
    notes.add(
        String.format(
            Locale.ROOT,
            "warm-up (untimed for the goals): plain pg_dump to /dev/null, no compression, took %.1f s%s:"
                + " the floor of a single-connection dump on this machine",
            o.millis() / 1000,
            o.usage().cpuSeconds() == null
                ? ""
                : String.format(Locale.ROOT, " (%.1f s client CPU)", o.usage().cpuSeconds())));
  }

  private void addMethodNotes(List<String> notes, BackupTool.Context context) {
    notes.add(
        "times are wall clock of whole OS processes (JVM start included), from spawn to exit;"
            + " creating, verifying and dropping databases, CHECKPOINT and sync are not timed");
    notes.add(
        "every restore goes into a fresh database (CREATE DATABASE ... TEMPLATE template0) and is"
            + " verified against the source: exact count(*) per table, indexes and constraints per"
            + " table, sequence values");
    notes.add(
        "compression: gzip and pg_dump -Fc both at zlib's default level 6; size MiB is everything"
            + " the backup wrote (for strata the backup file plus its manifest)");
    notes.add(
        "memory: "
            + (context.gnuTime() ? "GNU time" : "VmHWM polling")
            + "; heap from the strata JVM's -Xlog:gc,gc+heap+exit (largest occupancy before a collection or at exit)");
    notes.add(
        "CPU s = user+sys of the client processes only (bash, pg_dump, gzip, psql, pg_restore,"
            + " java); the server's backends are not included");
  }

  private static boolean hasManifest(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".manifest.json"));
    }
  }

  private static final Pattern DATA_BYTES = Pattern.compile("(\\d+) bytes of table data");

  static Long dataBytes(String comment) {
    Matcher m = DATA_BYTES.matcher(comment);
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }

  private static BackupTool.Context withSource(BackupTool.Context c, String source) {
    return new BackupTool.Context(
        c.server(),
        source,
        c.java(),
        c.strataJar(),
        c.strataXmx(),
        c.strataJobs(),
        c.pgDump(),
        c.pgRestore(),
        c.psql(),
        c.gnuTime(),
        c.timeoutMinutes());
  }

  private void printHeader(Report.Machine machine, BackupTool.Context context, Path work) {
    OUT.println("strata backup benchmark");
    OUT.println(
        "  machine : " + machine.cores() + " cores, " + machine.cpu() + ", " + machine.memory());
    OUT.println("  os      : " + machine.os());
    OUT.println("  java    : " + machine.java());
    OUT.println("  server  : " + machine.server());
    OUT.println("  pg_dump : " + context.pgDump());
    OUT.println("  strata  : " + context.strataJar() + " (-Xmx" + options.strataXmx() + ")");
    OUT.println("  work dir: " + work);
    OUT.println(
        "  runs    : "
            + options.runs()
            + " per tool (backup, then restore of that file), tools "
            + String.join(",", options.tools()));
    OUT.println();
  }

  private static boolean gnuTime() {
    if (!Files.isExecutable(BackupTool.GNU_TIME)) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder(BackupTool.GNU_TIME.toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return text.contains("GNU");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Flushes the page cache's dirty pages (backup files, WAL) so they do not land in a timing. */
  private static void sync() throws IOException, InterruptedException {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  private static void printTail(Path log) {
    OUT.println("  last lines of " + log + ":");
    Main.tail(log, 25).forEach(line -> OUT.println("  | " + line));
  }

  private static List<BackupTool> rotate(List<BackupTool> tools, int round) {
    int shift = round % tools.size();
    List<BackupTool> order = new ArrayList<>(tools.subList(shift, tools.size()));
    order.addAll(tools.subList(0, shift));
    return order;
  }

  private static String random() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
  }

  private void dropOnExit(PgServer server) {
    for (String database : new String[] {currentDatabase, scratchSource}) {
      if (database != null) {
        try {
          AdminDb.dropWithFreshConnection(server, database);
          System.err.println("dropped " + database);
        } catch (SQLException e) {
          System.err.println("could not drop " + database + ": " + e.getMessage());
        }
      }
    }
  }
}

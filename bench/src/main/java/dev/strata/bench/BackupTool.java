package dev.strata.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One way of backing up the source database and restoring the result, each timed as whole OS
 * processes (JVM start included for strata): {@code pg_dump | gzip} restored by {@code gunzip -c |
 * psql}, {@code pg_dump -Fc} restored by {@code pg_restore -j 2}, and {@code strata backup} /
 * {@code strata restore} with gzip or zstd.
 */
abstract class BackupTool {

  /** Resource use of one timed process tree, where known. */
  record Usage(Double cpuSeconds, Long peakRssKib, Long heapMaxKib, Long heapLiveMaxKib) {
    static final Usage NONE = new Usage(null, null, null, null);

    Usage withHeap(Heap heap) {
      return heap == null
          ? this
          : new Usage(cpuSeconds, peakRssKib, heap.maxUsedKib(), heap.maxAfterGcKib());
    }
  }

  /** Heap figures read from a {@code -Xlog:gc,gc+heap+exit} file. */
  record Heap(Long maxUsedKib, Long maxAfterGcKib) {}

  /**
   * What one timed command produced: exit code (or {@link #TIMED_OUT}), wall time, usage, and for a
   * backup the file to restore plus the bytes written to the output folder.
   */
  record Outcome(int exitCode, long nanos, Usage usage, Path file, long bytes, String detail) {
    double millis() {
      return nanos / 1e6;
    }
  }

  /** Everything a tool may need. */
  record Context(
      PgServer server,
      String source,
      Path java,
      Path strataJar,
      String strataXmx,
      Integer strataJobs,
      Path pgDump,
      Path pgRestore,
      Path psql,
      boolean gnuTime,
      long timeoutMinutes) {}

  static final int TIMED_OUT = -1;

  static final Path GNU_TIME = Path.of("/usr/bin/time");

  private final String name;

  BackupTool(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Row label of the backup table. */
  abstract String backupLabel();

  /** Row label of the restore table. */
  abstract String restoreLabel();

  abstract String describeBackup(Context context);

  abstract String describeRestore(Context context);

  /** Null when the tool can run, otherwise why it is skipped. */
  abstract String unavailableReason(Context context);

  /** Backs up the source into the empty folder {@code dir}. */
  abstract Outcome backup(Context context, Path dir, Path log)
      throws IOException, InterruptedException;

  /** Restores {@code file} into the empty database {@code database}. */
  abstract Outcome restore(Context context, Path file, String database, Path log)
      throws IOException, InterruptedException;

  boolean isStrata() {
    return false;
  }

  static BackupTool named(String name) {
    return switch (name) {
      case "pg-dump-gzip" -> new PgDumpGzip();
      case "pg-dump-fc" -> new PgDumpCustom();
      case "strata-gzip" -> new Strata("strata-gzip", "gzip");
      case "strata-zstd" -> new Strata("strata-zstd", "zstd");
      default ->
          throw new IllegalArgumentException(
              "unknown tool " + name + " (known: " + String.join(", ", BackupOptions.ALL_TOOLS));
    };
  }

  // ------------------------------------------------------------------ processes

  /**
   * Runs one command to completion and measures it from spawn to exit. Stdout goes to {@code
   * stdout} (or the log when null), stderr to the log, stdin is empty. With GNU time the command
   * runs under {@code /usr/bin/time -f '%e %U %S %M'}: CPU time of the whole process tree (bash,
   * pg_dump and gzip of a pipeline) and the largest peak RSS of any one process in it. Without, the
   * peak RSS of the direct child is polled from {@code /proc/PID/status} (VmHWM).
   */
  static Outcome exec(
      Context context, List<String> command, Map<String, String> env, Path stdout, Path log)
      throws IOException, InterruptedException {
    Path usageFile = Files.createTempFile(log.getParent(), "usage-", ".txt");
    List<String> full = new ArrayList<>();
    if (context.gnuTime()) {
      full.addAll(List.of(GNU_TIME.toString(), "-f", "%e %U %S %M", "-o", usageFile.toString()));
    }
    full.addAll(command);
    Files.writeString(
        log,
        "[bench] " + String.join(" ", full) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo((stdout == null ? log : stdout).toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    AtomicLong polledHwm = new AtomicLong(-1);
    Thread poller = null;
    if (!context.gnuTime()) {
      poller = new Thread(() -> pollHwm(process.pid(), polledHwm), "vmhwm-poller");
      poller.setDaemon(true);
      poller.start();
    }
    int exit;
    try {
      if (!process.waitFor(context.timeoutMinutes(), TimeUnit.MINUTES)) {
        Files.writeString(
            log,
            "\n[bench] timed out after " + context.timeoutMinutes() + " minutes\n",
            StandardOpenOption.APPEND);
        exit = TIMED_OUT;
      } else {
        exit = process.exitValue();
      }
    } finally {
      // only our own child and its children (pg_dump and gzip under bash)
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    long nanos = System.nanoTime() - start;
    if (poller != null) {
      poller.interrupt();
    }
    Usage usage;
    if (context.gnuTime()) {
      usage = parseTime(Files.readAllLines(usageFile, StandardCharsets.UTF_8));
    } else {
      usage = new Usage(null, polledHwm.get() < 0 ? null : polledHwm.get(), null, null);
    }
    Files.deleteIfExists(usageFile);
    return new Outcome(exit, nanos, usage, null, 0, null);
  }

  private static void pollHwm(long pid, AtomicLong hwm) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    while (!Thread.currentThread().isInterrupted()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            hwm.set(Long.parseLong(line.replaceAll("[^0-9]", "")));
          }
        }
        Thread.sleep(50);
      } catch (IOException | NumberFormatException e) {
        return; // the process is gone
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** {@code /usr/bin/time -f '%e %U %S %M'} output: the last line holds the figures. */
  static Usage parseTime(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String[] parts = lines.get(i).trim().split("\\s+");
      if (parts.length == 4) {
        try {
          double user = Double.parseDouble(parts[1]);
          double system = Double.parseDouble(parts[2]);
          return new Usage(user + system, Long.parseLong(parts[3]), null, null);
        } catch (NumberFormatException e) {
          // not the figures line ("Command exited with non-zero status 1")
        }
      }
    }
    return Usage.NONE;
  }

  private static final Pattern GC_PAUSE =
      Pattern.compile("\\b(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private static final Pattern HEAP_AT_EXIT =
      Pattern.compile("(?:heap|generation)\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

  /**
   * Largest heap occupancy seen (before any collection, or at exit) and largest live set (after a
   * collection). Heap use peaks right before a collection, so the first is the peak at GC
   * granularity. Null fields when the log has no such lines.
   */
  static Heap parseGcLog(List<String> lines) {
    long maxUsed = -1;
    long maxAfter = -1;
    long atExit = 0;
    boolean exitSeen = false;
    for (String line : lines) {
      Matcher pause = GC_PAUSE.matcher(line);
      if (line.contains("Pause") && pause.find()) {
        maxUsed = Math.max(maxUsed, kib(pause.group(1), pause.group(2)));
        maxAfter = Math.max(maxAfter, kib(pause.group(3), pause.group(4)));
        continue;
      }
      Matcher exit = HEAP_AT_EXIT.matcher(line);
      if (exit.find()) {
        // serial and parallel collectors print one line per generation: their sum is the heap
        atExit += Long.parseLong(exit.group(1));
        exitSeen = true;
      }
    }
    if (exitSeen) {
      maxUsed = Math.max(maxUsed, atExit);
    }
    return new Heap(maxUsed < 0 ? null : maxUsed, maxAfter < 0 ? null : maxAfter);
  }

  private static long kib(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n;
      case "M" -> n * 1024;
      default -> n * 1024 * 1024;
    };
  }

  /** Total size of the files in {@code dir} (recursively). */
  static long folderBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  static Outcome withFile(Outcome o, Path file, long bytes, String detail) {
    return new Outcome(o.exitCode(), o.nanos(), o.usage(), file, bytes, detail);
  }

  // ------------------------------------------------------------------ pg_dump | gzip

  /** {@code pg_dump | gzip}, restored by {@code gunzip -c | psql}: the classic shell recipe. */
  static final class PgDumpGzip extends BackupTool {
    PgDumpGzip() {
      super("pg-dump-gzip");
    }

    @Override
    String backupLabel() {
      return "pg_dump | gzip";
    }

    @Override
    String restoreLabel() {
      return "gunzip | psql";
    }

    @Override
    String describeBackup(Context c) {
      return "bash -c 'set -o pipefail; " + c.pgDump() + " -d SRC | gzip > FILE.sql.gz'";
    }

    @Override
    String describeRestore(Context c) {
      return "bash -c 'set -o pipefail; gunzip -c FILE.sql.gz | "
          + c.psql()
          + " -X -q -v ON_ERROR_STOP=1 -d DST'";
    }

    @Override
    String unavailableReason(Context c) {
      return c.pgDump() == null || c.psql() == null
          ? "pg_dump or psql not found (pass --pg-bin DIR)"
          : null;
    }

    @Override
    Outcome backup(Context c, Path dir, Path log) throws IOException, InterruptedException {
      Path file = dir.resolve("dump.sql.gz");
      Outcome o =
          exec(
              c,
              List.of(
                  "bash", "-c", "set -o pipefail; \"$PG_DUMP\" -d \"$SRC_URL\" | gzip > \"$OUT\""),
              Map.of(
                  "PG_DUMP",
                  c.pgDump().toString(),
                  "SRC_URL",
                  c.server().libpqUrl(c.source()),
                  "OUT",
                  file.toString()),
              null,
              log);
      return withFile(o, file, folderBytes(dir), null);
    }

    @Override
    Outcome restore(Context c, Path file, String database, Path log)
        throws IOException, InterruptedException {
      return exec(
          c,
          List.of(
              "bash",
              "-c",
              "set -o pipefail; gunzip -c \"$FILE\" | \"$PSQL\" -X -q -v ON_ERROR_STOP=1 -d \"$DB_URL\""),
          Map.of(
              "PSQL",
              c.psql().toString(),
              "FILE",
              file.toString(),
              "DB_URL",
              c.server().libpqUrl(database)),
          null,
          log);
    }
  }

  // ------------------------------------------------------------------ pg_dump -Fc

  /** {@code pg_dump -Fc}, restored by {@code pg_restore -j 2}. */
  static final class PgDumpCustom extends BackupTool {
    PgDumpCustom() {
      super("pg-dump-fc");
    }

    @Override
    String backupLabel() {
      return "pg_dump -Fc";
    }

    @Override
    String restoreLabel() {
      return "pg_restore -j 2";
    }

    @Override
    String describeBackup(Context c) {
      return c.pgDump() + " -Fc -d SRC -f FILE.dump";
    }

    @Override
    String describeRestore(Context c) {
      return c.pgRestore() + " -j 2 -d DST FILE.dump";
    }

    @Override
    String unavailableReason(Context c) {
      return c.pgDump() == null || c.pgRestore() == null
          ? "pg_dump or pg_restore not found (pass --pg-bin DIR)"
          : null;
    }

    @Override
    Outcome backup(Context c, Path dir, Path log) throws IOException, InterruptedException {
      Path file = dir.resolve("dump.dump");
      Outcome o =
          exec(
              c,
              List.of(
                  c.pgDump().toString(),
                  "-Fc",
                  "-d",
                  c.server().libpqUrl(c.source()),
                  "-f",
                  file.toString()),
              Map.of(),
              null,
              log);
      return withFile(o, file, folderBytes(dir), null);
    }

    @Override
    Outcome restore(Context c, Path file, String database, Path log)
        throws IOException, InterruptedException {
      return exec(
          c,
          List.of(
              c.pgRestore().toString(),
              "-j",
              "2",
              "-d",
              c.server().libpqUrl(database),
              file.toString()),
          Map.of(),
          null,
          log);
    }
  }

  // ------------------------------------------------------------------ strata

  /**
   * {@code java -Xmx256m -jar strata.jar backup --url SRC --output DIR --compress C --json} and
   * {@code ... restore FILE --target-url DST --force --no-safety-backup}, the CLI contract. The JVM
   * also gets {@code -Xlog:gc,gc+heap+exit:file=...} so the heap use can be read afterwards.
   */
  static final class Strata extends BackupTool {
    private final String compress;

    Strata(String name, String compress) {
      super(name);
      this.compress = compress;
    }

    @Override
    boolean isStrata() {
      return true;
    }

    @Override
    String backupLabel() {
      return "strata backup (" + compress + ")";
    }

    @Override
    String restoreLabel() {
      return "strata restore (" + compress + ")";
    }

    private List<String> jvm(Context c, Path gcLog) {
      return List.of(
          c.java().toString(),
          "-Xmx" + c.strataXmx(),
          "-Xlog:gc,gc+heap+exit:file=" + gcLog,
          "-jar",
          c.strataJar().toString());
    }

    private String jobs(Context c) {
      return c.strataJobs() == null ? "" : " --jobs " + c.strataJobs();
    }

    @Override
    String describeBackup(Context c) {
      return c.java()
          + " -Xmx"
          + c.strataXmx()
          + " -Xlog:gc,gc+heap+exit:file=GC_LOG -jar "
          + c.strataJar()
          + " backup --url SRC --output DIR --compress "
          + compress
          + jobs(c)
          + " --json";
    }

    @Override
    String describeRestore(Context c) {
      return c.java()
          + " -Xmx"
          + c.strataXmx()
          + " -Xlog:gc,gc+heap+exit:file=GC_LOG -jar "
          + c.strataJar()
          + " restore FILE --target-url DST --force --no-safety-backup"
          + jobs(c);
    }

    @Override
    String unavailableReason(Context c) {
      if (!Files.isRegularFile(c.strataJar())) {
        return c.strataJar() + " not found (build it: ./mvnw -q -pl cli -am package -DskipTests)";
      }
      // picocli: `help CMD` exits 0 only for a known subcommand (`CMD --help` on an unknown one
      // prints the top-level usage and may still exit 0)
      for (String command : List.of("backup", "restore")) {
        Help help = help(c, command);
        if (help.exit() != 0) {
          return c.strataJar()
              + " has no '"
              + command
              + "' command yet ('java -jar strata.jar help "
              + command
              + "' exits "
              + help.exit()
              + ")";
        }
      }
      return null;
    }

    private record Help(int exit, String text) {}

    private static Help help(Context c, String command) {
      try {
        Process p =
            new ProcessBuilder(
                    c.java().toString(), "-jar", c.strataJar().toString(), "help", command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          return new Help(TIMED_OUT, text);
        }
        return new Help(p.exitValue(), text);
      } catch (IOException e) {
        return new Help(127, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Help(130, "interrupted");
      }
    }

    @Override
    Outcome backup(Context c, Path dir, Path log) throws IOException, InterruptedException {
      Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
      Path stdout = log.resolveSibling(log.getFileName() + ".stdout");
      List<String> command = new ArrayList<>(jvm(c, gcLog));
      command.addAll(
          List.of(
              "backup",
              "--url",
              c.server().libpqUrl(c.source()),
              "--output",
              dir.toString(),
              "--compress",
              compress,
              "--json"));
      if (c.strataJobs() != null) {
        command.addAll(List.of("--jobs", c.strataJobs().toString()));
      }
      Outcome o = exec(c, command, Map.of(), stdout, log);
      o = new Outcome(o.exitCode(), o.nanos(), o.usage().withHeap(gcHeap(gcLog)), null, 0, null);
      String json = Files.exists(stdout) ? Files.readString(stdout) : "";
      Path file = backupFile(json, dir);
      String detail =
          file == null
              ? "no backup file: no \"file\" in the --json output and no backup_* in " + dir
              : null;
      long bytes = folderBytes(dir);
      if (file != null && !file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath())) {
        bytes += Files.size(file); // written elsewhere than --output: still counts
      }
      return withFile(o, file, bytes, detail);
    }

    @Override
    Outcome restore(Context c, Path file, String database, Path log)
        throws IOException, InterruptedException {
      Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
      List<String> command = new ArrayList<>(jvm(c, gcLog));
      command.addAll(
          List.of(
              "restore",
              file.toString(),
              "--target-url",
              c.server().libpqUrl(database),
              "--force",
              "--no-safety-backup"));
      if (c.strataJobs() != null) {
        command.addAll(List.of("--jobs", c.strataJobs().toString()));
      }
      Outcome o = exec(c, command, Map.of(), null, log);
      return new Outcome(o.exitCode(), o.nanos(), o.usage().withHeap(gcHeap(gcLog)), null, 0, null);
    }

    private static Heap gcHeap(Path gcLog) throws IOException {
      return Files.exists(gcLog)
          ? parseGcLog(Files.readAllLines(gcLog, StandardCharsets.UTF_8))
          : null;
    }
  }

  private static final Pattern JSON_FILE =
      Pattern.compile("\"file\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * The backup file: the last {@code "file"} of strata's {@code --json} output (relative paths are
   * taken against the output folder when they do not exist as given), else the newest {@code
   * backup_*} in {@code dir} that is not a manifest.
   */
  static Path backupFile(String json, Path dir) throws IOException {
    Matcher m = JSON_FILE.matcher(json);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last != null) {
      String name = unescape(last);
      Path p = Path.of(name);
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
      if (!p.isAbsolute() && Files.isRegularFile(dir.resolve(p))) {
        return dir.resolve(p);
      }
    }
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith("backup_"))
          .filter(p -> !p.getFileName().toString().endsWith(".manifest.json"))
          .max(
              Comparator.comparing(
                  (Path p) -> {
                    try {
                      return Files.getLastModifiedTime(p);
                    } catch (IOException e) {
                      return java.nio.file.attribute.FileTime.fromMillis(0);
                    }
                  }))
          .orElse(null);
    }
  }

  static String unescape(String json) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch != '\\' || i + 1 == json.length()) {
        b.append(ch);
        continue;
      }
      char next = json.charAt(++i);
      switch (next) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (i + 4 < json.length()) {
            b.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> b.append(next); // \" \\ \/
      }
    }
    return b.toString();
  }
}

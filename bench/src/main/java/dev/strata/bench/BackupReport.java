package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The backup suite's console tables and JSON file; no measuring happens here. */
final class BackupReport {

  static final double BACKUP_GOAL = 0.8;
  static final double RESTORE_PSQL_GOAL = 0.8;
  static final double RESTORE_PG_RESTORE_GOAL = 1.0;
  static final long HEAP_GOAL_BYTES = 256L * 1024 * 1024;

  /** The source database and run settings. */
  record Setup(
      String source,
      String origin,
      double sizeGb,
      Long dataBytes,
      long sourceBytes,
      Double generationSeconds,
      DbSnapshot snapshot,
      int runs,
      String strataXmx,
      Integer strataJobs,
      String memoryMethod) {}

  /** One timed command. {@code bytes}: backup output size; {@code dbBytes}: restored database. */
  record Run(
      int round,
      double millis,
      Double cpuSeconds,
      Long peakRssKib,
      Long heapMaxKib,
      Long heapLiveMaxKib,
      Long bytes,
      Long dbBytes) {

    static Run of(int round, BackupTool.Outcome o, Long bytes, Long dbBytes) {
      BackupTool.Usage u = o.usage();
      return new Run(
          round,
          o.millis(),
          u.cpuSeconds(),
          u.peakRssKib(),
          u.heapMaxKib(),
          u.heapLiveMaxKib(),
          bytes,
          dbBytes);
    }
  }

  /** One tool: its backups and the restores of their files, or why there are none. */
  record ToolResult(
      String tool,
      boolean strata,
      String backupLabel,
      String restoreLabel,
      String backupCommand,
      String restoreCommand,
      List<Run> backups,
      List<Run> restores,
      String backupFailure,
      String restoreFailure,
      String skipped) {

    boolean backupMeasured() {
      return skipped == null && backupFailure == null && !backups.isEmpty();
    }

    boolean restoreMeasured() {
      return skipped == null
          && backupFailure == null
          && restoreFailure == null
          && !restores.isEmpty();
    }

    ToolResult failBackup(String why) {
      return new ToolResult(
          tool,
          strata,
          backupLabel,
          restoreLabel,
          backupCommand,
          restoreCommand,
          backups,
          restores,
          why,
          restoreFailure,
          skipped);
    }

    ToolResult failRestore(String why) {
      return new ToolResult(
          tool,
          strata,
          backupLabel,
          restoreLabel,
          backupCommand,
          restoreCommand,
          backups,
          restores,
          backupFailure,
          why,
          skipped);
    }

    boolean failed() {
      return backupFailure != null || restoreFailure != null;
    }
  }

  /** A ratio of medians and its goal, when the issue sets one. */
  record Goal(String tool, String what, String against, Double ratio, Double limit, String detail) {
    Boolean met() {
      if (limit == null) {
        return null;
      }
      return ratio != null && ratio <= limit + 1e-9;
    }
  }

  private final Report.Machine machine;
  private final Setup setup;
  private final List<ToolResult> results;
  private final List<String> notes;

  BackupReport(Report.Machine machine, Setup setup, List<ToolResult> results, List<String> notes) {
    this.machine = machine;
    this.setup = setup;
    this.results = results;
    this.notes = notes;
  }

  // ------------------------------------------------------------------ statistics

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static List<Double> millis(List<Run> runs) {
    return runs.stream().map(Run::millis).toList();
  }

  private static Double medianOf(List<Run> runs, Function<Run, ? extends Number> f) {
    List<Double> values =
        runs.stream().map(f).filter(Objects::nonNull).map(Number::doubleValue).toList();
    return values.isEmpty() ? null : median(values);
  }

  private static Long maxOf(List<Run> runs, Function<Run, Long> f) {
    return runs.stream().map(f).filter(Objects::nonNull).max(Long::compare).orElse(null);
  }

  private ToolResult result(String tool) {
    return results.stream().filter(r -> r.tool().equals(tool)).findFirst().orElse(null);
  }

  /** Median backup time of {@code tool} over that of {@code baseline}, or null. */
  Double backupRatio(ToolResult r, String baseline) {
    ToolResult base = result(baseline);
    return r.backupMeasured() && base != null && base.backupMeasured()
        ? median(millis(r.backups())) / median(millis(base.backups()))
        : null;
  }

  Double restoreRatio(ToolResult r, String baseline) {
    ToolResult base = result(baseline);
    return r.restoreMeasured() && base != null && base.restoreMeasured()
        ? median(millis(r.restores())) / median(millis(base.restores()))
        : null;
  }

  /** The goals, for every strata variant that ran. */
  List<Goal> goals() {
    List<Goal> goals = new ArrayList<>();
    for (ToolResult r : results) {
      if (!r.strata() || r.skipped() != null) {
        continue;
      }
      goals.add(
          new Goal(
              r.tool(),
              "backup",
              "pg_dump | gzip",
              backupRatio(r, "pg-dump-gzip"),
              BACKUP_GOAL,
              null));
      goals.add(
          new Goal(r.tool(), "backup", "pg_dump -Fc", backupRatio(r, "pg-dump-fc"), null, null));
      goals.add(
          new Goal(
              r.tool(),
              "restore",
              "gunzip | psql",
              restoreRatio(r, "pg-dump-gzip"),
              RESTORE_PSQL_GOAL,
              null));
      goals.add(
          new Goal(
              r.tool(),
              "restore",
              "pg_restore -j 2",
              restoreRatio(r, "pg-dump-fc"),
              RESTORE_PG_RESTORE_GOAL,
              null));
      goals.add(heapGoal(r));
    }
    return goals;
  }

  /**
   * -Xmx256m must work: every strata process of this variant ran under a heap limit of at most 256
   * MiB and exited 0 (so its heap stayed under the limit throughout). The ratio is the largest heap
   * occupancy seen in the GC logs over the limit, for information.
   */
  private Goal heapGoal(ToolResult r) {
    List<Run> all = new ArrayList<>(r.backups());
    all.addAll(r.restores());
    Long heap = maxOf(all, Run::heapMaxKib);
    Long rss = maxOf(all, Run::peakRssKib);
    long xmx = xmxBytes(setup.strataXmx());
    boolean ok = !r.failed() && !all.isEmpty() && xmx <= HEAP_GOAL_BYTES;
    String detail =
        String.format(
            Locale.ROOT,
            "-Xmx%s, %s; max heap used %s MiB (GC log), peak RSS %s MiB",
            setup.strataXmx(),
            r.failed() ? "a process FAILED" : all.size() + " processes exited 0",
            heap == null ? "?" : String.format(Locale.ROOT, "%.0f", heap / 1024.0),
            rss == null ? "?" : String.format(Locale.ROOT, "%.0f", rss / 1024.0));
    Double ratio =
        ok ? (heap == null ? 1.0 : heap * 1024.0 / HEAP_GOAL_BYTES) : Double.POSITIVE_INFINITY;
    return new Goal(r.tool(), "heap", "256 MiB", ratio, 1.0, detail);
  }

  static long xmxBytes(String xmx) {
    String digits = xmx.replaceAll("[^0-9]", "");
    long n = Long.parseLong(digits);
    char unit = Character.toLowerCase(xmx.charAt(xmx.length() - 1));
    return switch (unit) {
      case 'k' -> n * 1024;
      case 'm' -> n * 1024 * 1024;
      case 'g' -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  // ------------------------------------------------------------------ console

  void print(PrintStream out) {
    out.println();
    DbSnapshot s = setup.snapshot();
    out.printf(
        Locale.ROOT,
        "source %s (%s): %s table data, %s in all; %d tables, %,d rows, %d indexes, %d constraints%n",
        setup.source(),
        setup.origin(),
        setup.dataBytes() == null ? "?" : gib(setup.dataBytes()),
        gib(setup.sourceBytes()),
        s.rows().size(),
        s.totalRows(),
        s.totalIndexes(),
        s.totalConstraints());
    out.println();
    out.printf(
        Locale.ROOT,
        "%-24s %4s %9s %8s %8s %9s %16s %15s %7s %8s %9s%n",
        "backup",
        "runs",
        "median s",
        "min s",
        "max s",
        "size MiB",
        "vs pg_dump|gzip",
        "vs pg_dump -Fc",
        "CPU s",
        "RSS MiB",
        "heap MiB");
    for (ToolResult r : results) {
      if (!r.backupMeasured()) {
        out.printf(Locale.ROOT, "%-24s %s%n", r.backupLabel(), why(r, true));
        continue;
      }
      List<Double> ms = millis(r.backups());
      out.printf(
          Locale.ROOT,
          "%-24s %4d %9.1f %8.1f %8.1f %9s %16s %15s %7s %8s %9s%n",
          r.backupLabel(),
          ms.size(),
          median(ms) / 1000,
          ms.stream().mapToDouble(d -> d).min().orElseThrow() / 1000,
          ms.stream().mapToDouble(d -> d).max().orElseThrow() / 1000,
          mib(medianOf(r.backups(), Run::bytes)),
          times(backupRatio(r, "pg-dump-gzip")),
          times(backupRatio(r, "pg-dump-fc")),
          oneDecimal(medianOf(r.backups(), Run::cpuSeconds)),
          kibAsMib(maxOf(r.backups(), Run::peakRssKib)),
          kibAsMib(maxOf(r.backups(), Run::heapMaxKib)));
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-24s %4s %9s %8s %8s %9s %16s %15s %7s %8s %9s%n",
        "restore",
        "runs",
        "median s",
        "min s",
        "max s",
        "db MiB",
        "vs gunzip|psql",
        "vs pg_restore",
        "CPU s",
        "RSS MiB",
        "heap MiB");
    for (ToolResult r : results) {
      if (!r.restoreMeasured()) {
        out.printf(Locale.ROOT, "%-24s %s%n", r.restoreLabel(), why(r, false));
        continue;
      }
      List<Double> ms = millis(r.restores());
      out.printf(
          Locale.ROOT,
          "%-24s %4d %9.1f %8.1f %8.1f %9s %16s %15s %7s %8s %9s%n",
          r.restoreLabel(),
          ms.size(),
          median(ms) / 1000,
          ms.stream().mapToDouble(d -> d).min().orElseThrow() / 1000,
          ms.stream().mapToDouble(d -> d).max().orElseThrow() / 1000,
          mib(medianOf(r.restores(), Run::dbBytes)),
          times(restoreRatio(r, "pg-dump-gzip")),
          times(restoreRatio(r, "pg-dump-fc")),
          oneDecimal(medianOf(r.restores(), Run::cpuSeconds)),
          kibAsMib(maxOf(r.restores(), Run::peakRssKib)),
          kibAsMib(maxOf(r.restores(), Run::heapMaxKib)));
    }
    List<Goal> goals = goals();
    if (!goals.isEmpty()) {
      out.println();
      for (Goal g : goals) {
        out.println(goalLine(g));
      }
    }
    out.println();
    for (String note : notes) {
      out.println("note: " + note);
    }
  }

  static String goalLine(Goal g) {
    if (g.what().equals("heap")) {
      return String.format(
          Locale.ROOT,
          "%-12s heap under 256 MiB: %s   goal: -Xmx256m works  %s",
          g.tool(),
          g.detail(),
          Boolean.TRUE.equals(g.met()) ? "met" : "NOT MET");
    }
    String verdict;
    if (g.limit() == null) {
      verdict = "(no goal; for information)";
    } else if (g.ratio() == null) {
      verdict = String.format(Locale.ROOT, "goal <= %.2fx  not measured", g.limit());
    } else {
      verdict =
          String.format(Locale.ROOT, "goal <= %.2fx  %s", g.limit(), g.met() ? "met" : "NOT MET");
    }
    return String.format(
        Locale.ROOT,
        "%-12s %-7s / %-16s %7s   %s",
        g.tool(),
        g.what(),
        g.against(),
        times(g.ratio()),
        verdict);
  }

  private static String why(ToolResult r, boolean backup) {
    if (r.skipped() != null) {
      return "skipped: " + r.skipped();
    }
    if (backup) {
      return r.backupFailure() != null ? "FAILED: " + r.backupFailure() : "not run";
    }
    if (r.backupFailure() != null) {
      return "not run: the backup failed";
    }
    return r.restoreFailure() != null ? "FAILED: " + r.restoreFailure() : "not run";
  }

  static String times(Double ratio) {
    return ratio == null || ratio.isInfinite() || ratio.isNaN()
        ? "-"
        : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static String mib(Double bytes) {
    return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  private static String kibAsMib(Long kib) {
    return kib == null ? "-" : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }

  private static String oneDecimal(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
  }

  // ------------------------------------------------------------------ JSON

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.json());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("source", setup.source());
    s.put("origin", setup.origin());
    s.put("sizeGb", setup.sizeGb());
    s.put("tableDataBytes", setup.dataBytes());
    s.put("sourceBytes", setup.sourceBytes());
    s.put("generationSeconds", setup.generationSeconds());
    s.put("rows", new LinkedHashMap<String, Object>(setup.snapshot().rows()));
    s.put("indexes", setup.snapshot().totalIndexes());
    s.put("constraints", setup.snapshot().totalConstraints());
    s.put("runs", setup.runs());
    s.put("strataXmx", setup.strataXmx());
    s.put("strataJobs", setup.strataJobs());
    s.put("memoryMethod", setup.memoryMethod());
    root.put("setup", s);
    List<Object> tools = new ArrayList<>();
    for (ToolResult r : results) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("tool", r.tool());
      t.put(
          "status",
          r.skipped() != null
              ? "skipped"
              : r.failed() ? "failed" : r.backupMeasured() ? "ok" : "not run");
      if (r.skipped() != null) {
        t.put("reason", r.skipped());
      }
      t.put("backup", phase(r.backupLabel(), r.backupCommand(), r.backups(), r.backupFailure()));
      Map<String, Object> backup = castMap(t.get("backup"));
      if (r.backupMeasured()) {
        backup.put("ratioVsPgDumpGzip", backupRatio(r, "pg-dump-gzip"));
        backup.put("ratioVsPgDumpFc", backupRatio(r, "pg-dump-fc"));
      }
      t.put(
          "restore", phase(r.restoreLabel(), r.restoreCommand(), r.restores(), r.restoreFailure()));
      Map<String, Object> restore = castMap(t.get("restore"));
      if (r.restoreMeasured()) {
        restore.put("ratioVsGunzipPsql", restoreRatio(r, "pg-dump-gzip"));
        restore.put("ratioVsPgRestoreJ2", restoreRatio(r, "pg-dump-fc"));
      }
      tools.add(t);
    }
    root.put("results", tools);
    List<Object> goals = new ArrayList<>();
    for (Goal g : goals()) {
      Map<String, Object> goal = new LinkedHashMap<>();
      goal.put("tool", g.tool());
      goal.put("what", g.what());
      goal.put("against", g.against());
      goal.put("ratio", g.ratio());
      goal.put("goal", g.limit());
      goal.put("met", g.met());
      if (g.detail() != null) {
        goal.put("detail", g.detail());
      }
      goals.add(goal);
    }
    root.put("goals", goals);
    root.put("notes", notes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Report.json(root, "") + "\n");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> phase(
      String label, String command, List<Run> runs, String failure) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("label", label);
    p.put("command", command);
    if (failure != null) {
      p.put("failure", failure);
    }
    List<Object> list = new ArrayList<>();
    for (Run run : runs) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("round", run.round());
      r.put("ms", run.millis());
      r.put("cpuSeconds", run.cpuSeconds());
      r.put("peakRssKib", run.peakRssKib());
      r.put("heapMaxKib", run.heapMaxKib());
      r.put("heapLiveMaxKib", run.heapLiveMaxKib());
      r.put("bytes", run.bytes());
      r.put("restoredDbBytes", run.dbBytes());
      list.add(r);
    }
    p.put("runs", list);
    if (!runs.isEmpty()) {
      List<Double> ms = millis(runs);
      p.put("medianMs", median(ms));
      p.put("minMs", ms.stream().mapToDouble(d -> d).min().orElseThrow());
      p.put("maxMs", ms.stream().mapToDouble(d -> d).max().orElseThrow());
    }
    return p;
  }
}

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
import java.util.function.ToDoubleFunction;

/** The schema suite's console table and JSON file; no measuring happens here. */
final class SchemaReport {

  /** strata's introspection and diff, after JVM start-up, must take less than this. */
  static final double AFTER_STARTUP_GOAL_MILLIS = 1000;

  /** strata's whole process at most this fraction of Liquibase's. */
  static final double LIQUIBASE_GOAL = 0.10;

  /** The two databases and the run settings. */
  record Setup(
      LargeSchema.Counts counts,
      long seed,
      String copy,
      String databaseA,
      String originA,
      Double generationSecondsA,
      String databaseB,
      String originB,
      Double generationSecondsB,
      int runs,
      int warmup,
      String strataXmx) {}

  /** One tool's timed runs (and, for strata, its own timings of each), or why it has none. */
  record ToolResult(
      String tool,
      String command,
      List<Double> millis,
      List<SchemaTool.Timings> timings,
      String failure,
      String skipped) {

    boolean measured() {
      return failure == null && skipped == null && !millis.isEmpty();
    }

    double median() {
      return BackupReport.median(millis);
    }

    /** Null unless every timed run reported its timings. */
    Double medianTiming(ToDoubleFunction<SchemaTool.Timings> part) {
      if (!measured() || timings.size() != millis.size()) {
        return null;
      }
      return BackupReport.median(timings.stream().map(t -> part.applyAsDouble(t)).toList());
    }

    ToolResult fail(String why) {
      return new ToolResult(tool, command, millis, timings, why, skipped);
    }
  }

  /** A goal of the issue; {@code value} null when it could not be measured. */
  record Goal(String what, Double value, double limit, boolean strictlyBelow, String unit) {
    Boolean met() {
      if (value == null) {
        return null;
      }
      return strictlyBelow ? value < limit : value <= limit + 1e-9;
    }
  }

  private final Report.Machine machine;
  private final Setup setup;
  private final List<ToolResult> results;
  private final List<String> notes;

  SchemaReport(Report.Machine machine, Setup setup, List<ToolResult> results, List<String> notes) {
    this.machine = machine;
    this.setup = setup;
    this.results = results;
    this.notes = notes;
  }

  private ToolResult measured(String tool) {
    return results.stream()
        .filter(r -> r.tool().equals(tool) && r.measured())
        .findFirst()
        .orElse(null);
  }

  Double ratioToLiquibase(ToolResult r) {
    ToolResult base = measured("liquibase");
    return r.measured() && base != null ? r.median() / base.median() : null;
  }

  /** Both goals when strata was selected, else none. */
  List<Goal> goals() {
    ToolResult strata =
        results.stream().filter(r -> r.tool().equals("strata")).findFirst().orElse(null);
    if (strata == null) {
      return List.of();
    }
    Double afterStartup = strata.medianTiming(SchemaTool.Timings::afterStartupMillis);
    return List.of(
        new Goal(
            "strata after start-up (introspect A and B + diff)",
            afterStartup == null ? null : afterStartup / 1000,
            AFTER_STARTUP_GOAL_MILLIS / 1000,
            true,
            "s"),
        new Goal(
            "strata / liquibase (whole processes)",
            ratioToLiquibase(strata),
            LIQUIBASE_GOAL,
            false,
            "x"));
  }

  void print(PrintStream out) {
    LargeSchema.Counts c = setup.counts();
    out.println();
    out.printf(Locale.ROOT, "schema: %s (seed %d)%n", c.describe(), setup.seed());
    out.printf(
        Locale.ROOT,
        "  A = %s (%s)%n  B = %s (%s)%n",
        setup.databaseA(),
        setup.originA(),
        setup.databaseB(),
        setup.originB());
    out.printf(
        Locale.ROOT,
        "%d timed runs per tool after %d warm-up round(s)%n%n",
        setup.runs(),
        setup.warmup());
    out.printf(
        Locale.ROOT,
        "%-10s %4s %10s %9s %9s %13s %17s%n",
        "tool",
        "runs",
        "median s",
        "min s",
        "max s",
        "vs liquibase",
        "after start-up s");
    for (ToolResult r : results) {
      if (!r.measured()) {
        out.printf(
            Locale.ROOT,
            "%-10s %s%n",
            r.tool(),
            r.skipped() != null ? "skipped: " + r.skipped() : "FAILED: " + r.failure());
        continue;
      }
      Double after = r.medianTiming(SchemaTool.Timings::afterStartupMillis);
      out.printf(
          Locale.ROOT,
          "%-10s %4d %10.2f %9.2f %9.2f %13s %17s%n",
          r.tool(),
          r.millis().size(),
          r.median() / 1000,
          min(r.millis()) / 1000,
          max(r.millis()) / 1000,
          times(ratioToLiquibase(r)),
          after == null ? "-" : String.format(Locale.ROOT, "%.3f", after / 1000));
    }
    ToolResult strata = measured("strata");
    if (strata != null) {
      Double from = strata.medianTiming(SchemaTool.Timings::readFromMillis);
      out.println();
      if (from == null) {
        out.println(
            "strata after start-up: not reported (its --json output has no \"timings\" in every run)");
      } else {
        out.printf(
            Locale.ROOT,
            "strata after start-up, medians: %.0f ms = read A %.0f + read B %.0f + diff %.0f"
                + " (medians of each part); whole process %.0f ms%n",
            strata.medianTiming(SchemaTool.Timings::afterStartupMillis),
            from,
            strata.medianTiming(SchemaTool.Timings::readToMillis),
            strata.medianTiming(SchemaTool.Timings::diffMillis),
            strata.median());
      }
    }
    List<Goal> goals = goals();
    if (!goals.isEmpty()) {
      out.println();
      for (Goal g : goals) {
        String limit =
            String.format(
                Locale.ROOT, "goal %s %.2f%s", g.strictlyBelow() ? "<" : "<=", g.limit(), g.unit());
        String value =
            g.value() == null ? "-" : String.format(Locale.ROOT, "%.2f%s", g.value(), g.unit());
        out.printf(
            Locale.ROOT,
            "%-50s %8s   %-14s %s%n",
            g.what(),
            value,
            limit,
            g.met() == null ? "not measured" : g.met() ? "met" : "NOT MET");
      }
    }
    out.println();
    for (String note : notes) {
      out.println("note: " + note);
    }
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static String times(Double ratio) {
    return ratio == null ? "-" : String.format(Locale.ROOT, "%.3fx", ratio);
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.json());
    Map<String, Object> s = new LinkedHashMap<>();
    LargeSchema.Counts c = setup.counts();
    s.put("tables", c.tables());
    s.put("columns", c.columns());
    s.put("indexes", c.indexes());
    s.put("primaryKeys", c.primaryKeys());
    s.put("foreignKeys", c.foreignKeys());
    s.put("seed", setup.seed());
    s.put("copy", setup.copy());
    s.put("databaseA", setup.databaseA());
    s.put("originA", setup.originA());
    s.put("generationSecondsA", setup.generationSecondsA());
    s.put("databaseB", setup.databaseB());
    s.put("originB", setup.originB());
    s.put("generationSecondsB", setup.generationSecondsB());
    s.put("runs", setup.runs());
    s.put("warmup", setup.warmup());
    s.put("strataXmx", setup.strataXmx());
    root.put("setup", s);
    List<Object> tools = new ArrayList<>();
    for (ToolResult r : results) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("tool", r.tool());
      t.put("command", r.command());
      t.put("status", r.measured() ? "ok" : r.skipped() != null ? "skipped" : "failed");
      if (r.skipped() != null || r.failure() != null) {
        t.put("reason", r.skipped() != null ? r.skipped() : r.failure());
      }
      t.put("runsMs", r.millis());
      if (!r.timings().isEmpty()) {
        List<Object> runs = new ArrayList<>();
        for (SchemaTool.Timings timing : r.timings()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("readFromMillis", timing.readFromMillis());
          m.put("readToMillis", timing.readToMillis());
          m.put("diffMillis", timing.diffMillis());
          m.put("afterStartupMillis", timing.afterStartupMillis());
          runs.add(m);
        }
        t.put("timings", runs);
      }
      if (r.measured()) {
        t.put("medianMs", r.median());
        t.put("minMs", min(r.millis()));
        t.put("maxMs", max(r.millis()));
        t.put("ratioVsLiquibase", ratioToLiquibase(r));
        t.put("medianAfterStartupMs", r.medianTiming(SchemaTool.Timings::afterStartupMillis));
      }
      tools.add(t);
    }
    root.put("results", tools);
    List<Object> goals = new ArrayList<>();
    for (Goal g : goals()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", g.what());
      m.put("value", g.value());
      m.put("unit", g.unit());
      m.put("limit", g.limit());
      m.put("strictlyBelow", g.strictlyBelow());
      m.put("met", g.met());
      goals.add(m);
    }
    root.put("goals", goals);
    root.put("notes", notes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Report.json(root, "") + "\n");
  }
}

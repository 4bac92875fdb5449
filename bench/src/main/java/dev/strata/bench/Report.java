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
import java.util.stream.Collectors;

/** Turns the timings into the console table and the JSON file; no measuring happens here. */
final class Report {

  /** The machine the numbers belong to. */
  record Machine(
      int cores, String cpu, String memory, String os, String java, String server, String psql) {
    /** The machine facts for the JSON results. */
    java.util.Map<String, Object> json() {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("cores", cores);
      m.put("cpu", cpu);
      m.put("memory", memory);
      m.put("os", os);
      m.put("java", java);
      m.put("server", server);
      m.put("psql", psql);
      return m;
    }
  }

  /** What was measured: corpus shape and run settings. */
  record Setup(
      int migrations,
      int statements,
      long sqlBytes,
      long seed,
      int runs,
      int warmup,
      String liquibaseSplit,
      int pending) {}

  /** One tool's timed runs, or why it has none. */
  record ToolResult(
      String tool, String command, List<Double> millis, String failure, String skipped) {

    boolean measured() {
      return failure == null && skipped == null && !millis.isEmpty();
    }

    double median() {
      List<Double> sorted = millis.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
      return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  /** A ratio of a strata row to another tool's and, where an issue sets one, its goal. */
  record Goal(String strata, String against, double ratio, Double limit) {
    Boolean met() {
      return limit == null ? null : ratio <= limit + 1e-9;
    }
  }

  private static final double THIRD = 1.0 / 3.0;

  /** Incremental deploy: at most this long, and at most 1.5x Flyway's migrate of the same. */
  static final double INCREMENTAL_LIMIT_MS = 1500;

  private final Machine machine;
  private final Setup setup;
  private final List<ToolResult> results;
  private final List<String> notes;

  Report(Machine machine, Setup setup, List<ToolResult> results, List<String> notes) {
    this.machine = machine;
    this.setup = setup;
    this.results = results;
    this.notes = notes;
  }

  private ToolResult result(String tool) {
    return results.stream()
        .filter(r -> r.tool().equals(tool) && r.measured())
        .findFirst()
        .orElse(null);
  }

  private Double ratio(ToolResult r, String baseline) {
    ToolResult base = result(baseline);
    return r.measured() && base != null ? r.median() / base.median() : null;
  }

  List<Goal> strataGoals() {
    List<Goal> goals = new ArrayList<>();
    boolean incremental = setup.pending() > 0;
    // psql handed just the pending files has no history to read: no goal against it then
    addGoal(goals, "strata", "psql", incremental ? null : 1.0);
    addGoal(goals, "strata", "psql-single", null);
    addGoal(goals, "strata", "flyway", incremental ? 1.5 : THIRD);
    addGoal(goals, "strata", "liquibase", incremental ? null : THIRD);
    addGoal(goals, "strata status", "flyway info", 1.0);
    addGoal(goals, "strata status", "liquibase status", null);
    return goals;
  }

  private void addGoal(List<Goal> goals, String strataRow, String against, Double limit) {
    ToolResult strata = result(strataRow);
    Double ratio = strata == null ? null : ratio(strata, against);
    if (ratio != null) {
      goals.add(new Goal(strataRow, against, ratio, limit));
    }
  }

  /** The incremental deploy's absolute goal, or null when not measured. */
  private Double incrementalMedian() {
    ToolResult strata = result("strata");
    return setup.pending() > 0 && strata != null ? strata.median() : null;
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%d migrations (%d statements, %.0f KiB of SQL)%s, %d timed runs per tool after %d warm-up round(s)%n",
        setup.migrations(),
        setup.statements(),
        setup.sqlBytes() / 1024.0,
        setup.pending() > 0
            ? ", the last "
                + setup.pending()
                + " deployed onto a database holding the first "
                + (setup.migrations() - setup.pending())
            : "",
        setup.runs(),
        setup.warmup());
    out.println();
    out.printf(
        Locale.ROOT,
        "%-17s %4s %11s %10s %10s %9s %15s%n",
        "tool",
        "runs",
        "median ms",
        "min ms",
        "max ms",
        "vs psql",
        "vs psql-single");
    for (ToolResult r : results) {
      if (!r.measured()) {
        out.printf(
            Locale.ROOT,
            "%-17s %s%n",
            r.tool(),
            r.skipped() != null ? "skipped: " + r.skipped() : "FAILED: " + r.failure());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-17s %4d %11.1f %10.1f %10.1f %9s %15s%n",
          r.tool(),
          r.millis().size(),
          r.median(),
          r.min(),
          r.max(),
          times(ratio(r, "psql")),
          times(ratio(r, "psql-single")));
    }
    List<Goal> goals = strataGoals();
    if (!goals.isEmpty()) {
      out.println();
      for (Goal g : goals) {
        String verdict =
            g.limit() == null
                ? "(no goal; for information)"
                : String.format(
                    Locale.ROOT, "goal <= %.2fx  %s", g.limit(), g.met() ? "met" : "NOT MET");
        out.printf(
            Locale.ROOT,
            "%-30s %7s   %s%n",
            g.strata() + " / " + g.against(),
            times(g.ratio()),
            verdict);
      }
    }
    Double incremental = incrementalMedian();
    if (incremental != null) {
      out.printf(
          Locale.ROOT,
          "%-30s %7.0f ms  goal <= %.0f ms  %s%n",
          "strata incremental deploy",
          incremental,
          INCREMENTAL_LIMIT_MS,
          incremental <= INCREMENTAL_LIMIT_MS ? "met" : "NOT MET");
    }
    out.println();
    for (String note : notes) {
      out.println("note: " + note);
    }
  }

  private static String times(Double ratio) {
    return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.json());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("migrations", setup.migrations());
    s.put("statements", setup.statements());
    s.put("sqlBytes", setup.sqlBytes());
    s.put("seed", setup.seed());
    s.put("runs", setup.runs());
    s.put("warmup", setup.warmup());
    s.put("liquibaseSplit", setup.liquibaseSplit());
    s.put("pending", setup.pending());
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
      if (r.measured()) {
        t.put("medianMs", r.median());
        t.put("minMs", r.min());
        t.put("maxMs", r.max());
        t.put("ratioVsPsql", ratio(r, "psql"));
        t.put("ratioVsPsqlSingle", ratio(r, "psql-single"));
      }
      tools.add(t);
    }
    root.put("results", tools);
    Map<String, Object> strata = new LinkedHashMap<>();
    for (Goal g : strataGoals()) {
      Map<String, Object> goal = new LinkedHashMap<>();
      goal.put("ratio", g.ratio());
      goal.put("goal", g.limit());
      goal.put("met", g.met());
      strata.put(
          (g.strata().equals("strata") ? "" : g.strata().substring(7) + "_")
              + "vs_"
              + g.against().replace('-', '_').replace(' ', '_'),
          goal);
    }
    Double incremental = incrementalMedian();
    if (incremental != null) {
      Map<String, Object> goal = new LinkedHashMap<>();
      goal.put("medianMs", incremental);
      goal.put("goalMs", INCREMENTAL_LIMIT_MS);
      goal.put("met", incremental <= INCREMENTAL_LIMIT_MS);
      strata.put("incremental_deploy", goal);
    }
    root.put("strata", strata);
    root.put("notes", notes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, json(root, "") + "\n");
  }

  // a dozen lines of JSON writing beat a JSON library on the harness classpath
  static String json(Object value, String indent) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : text.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\t' -> b.append("\\t");
          default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
      }
      return b.append('"').toString();
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String inner = indent + "  ";
    if (value instanceof Map<?, ?> map) {
      return map.isEmpty()
          ? "{}"
          : map.entrySet().stream()
              .map(
                  e ->
                      inner + json(e.getKey().toString(), inner) + ": " + json(e.getValue(), inner))
              .collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
    }
    if (value instanceof List<?> list) {
      boolean flat = list.stream().allMatch(v -> v instanceof Number);
      return list.isEmpty()
          ? "[]"
          : flat
              ? list.stream().map(v -> json(v, inner)).collect(Collectors.joining(", ", "[", "]"))
              : list.stream()
                  .map(v -> inner + json(v, inner))
                  .collect(Collectors.joining(",\n", "[\n", "\n" + indent + "]"));
    }
    throw new IllegalArgumentException("cannot write " + value.getClass());
  }
}

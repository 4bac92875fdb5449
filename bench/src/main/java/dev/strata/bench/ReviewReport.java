package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The review suite's console table and JSON file; no measuring happens here.
 *
 * @param command the exact command each run started
 * @param runs the warm runs asked for
 * @param cold the cold run (none when the harness stopped before it)
 * @param warm the warm runs done, in order; fewer than {@code runs} after a failure
 */
record ReviewReport(
    Report.Machine machine,
    String command,
    int runs,
    List<ReviewRun.Outcome> cold,
    List<ReviewRun.Outcome> warm,
    List<String> notes) {

  /** The goal: the whole process, warm, strictly under 5 seconds. */
  static final double GOAL_MILLIS = 5000;

  /** The first run's failure, or null when every run was right. */
  String failure() {
    return java.util.stream.Stream.concat(cold.stream(), warm.stream())
        .map(ReviewRun.Outcome::failure)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** Median wall time of the warm runs; null unless every run was done and right. */
  Double warmMedian() {
    return failure() != null || cold.isEmpty() || warm.size() < runs
        ? null
        : wall("warm", warm).median();
  }

  /** Null when not measured (a run failed). */
  Boolean goalMet() {
    Double median = warmMedian();
    return median == null ? null : median < GOAL_MILLIS;
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-6s %4s %10s %9s %9s %16s%n",
        "case",
        "runs",
        "median s",
        "min s",
        "max s",
        "review ms (med)");
    row(out, "cold", cold);
    row(out, "warm", warm);
    out.println();
    Double median = warmMedian();
    out.printf(
        Locale.ROOT,
        "%-48s %8s   goal < %.2f s   %s%n",
        "strata review, whole process, warm median",
        median == null ? "-" : String.format(Locale.ROOT, "%.2f s", median / 1000),
        GOAL_MILLIS / 1000,
        goalMet() == null ? "not measured (a run failed)" : goalMet() ? "met" : "NOT MET");
    out.println();
    for (String note : notes) {
      out.println("note: " + note);
    }
  }

  private void row(PrintStream out, String name, List<ReviewRun.Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      out.printf(Locale.ROOT, "%-6s %4d %s%n", name, 0, "  not run");
      return;
    }
    Report.ToolResult wall = wall(name, outcomes);
    Report.ToolResult own = own(name, outcomes);
    out.printf(
        Locale.ROOT,
        "%-6s %4d %10.2f %9.2f %9.2f %16s%n",
        name,
        outcomes.size(),
        wall.median() / 1000,
        wall.min() / 1000,
        wall.max() / 1000,
        own.millis().isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", own.median()));
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine.json());
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("command", command);
    setup.put("jvmFlags", StrataLauncher.JVM_FLAGS);
    setup.put("removedEnvironment", ReviewRun.REMOVED_ENV);
    setup.put("expectedMigrations", ReviewRun.EXPECTED_MIGRATIONS);
    setup.put("warmRuns", runs);
    root.put("setup", setup);
    root.put("cold", json("cold", cold));
    root.put("warm", json("warm", warm));
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("what", "strata review, whole process, warm median");
    goal.put("valueMs", warmMedian());
    goal.put("limitMs", GOAL_MILLIS);
    goal.put("strictlyBelow", true);
    goal.put("met", goalMet());
    root.put("goal", goal);
    root.put("failure", failure());
    root.put("notes", notes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Report.json(root, "") + "\n");
  }

  private Map<String, Object> json(String name, List<ReviewRun.Outcome> outcomes) {
    Report.ToolResult wall = wall(name, outcomes);
    Report.ToolResult own = own(name, outcomes);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runsMs", wall.millis());
    m.put("reviewMillis", own.millis());
    if (!outcomes.isEmpty()) {
      m.put("medianMs", wall.median());
      m.put("minMs", wall.min());
      m.put("maxMs", wall.max());
    }
    if (!own.millis().isEmpty()) {
      m.put("medianReviewMillis", own.median());
    }
    return m;
  }

  /** Wall times, whole process: the deploy suite's per-tool statistics serve here too. */
  private Report.ToolResult wall(String name, List<ReviewRun.Outcome> outcomes) {
    return new Report.ToolResult(
        name, command, outcomes.stream().map(ReviewRun.Outcome::millis).toList(), null, null);
  }

  /** The review's own {@code millis}, where the output had it. */
  private Report.ToolResult own(String name, List<ReviewRun.Outcome> outcomes) {
    return new Report.ToolResult(
        name,
        command,
        outcomes.stream().map(ReviewRun.Outcome::reviewMillis).filter(Objects::nonNull).toList(),
        null,
        null);
  }
}

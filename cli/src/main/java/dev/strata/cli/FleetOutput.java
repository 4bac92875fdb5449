package dev.strata.cli;

import dev.strata.core.fleet.FleetReport;
import dev.strata.core.fleet.TargetOutcome;

/** A fleet's report: a line per target and a summary, or one JSON object. */
final class FleetOutput {
  private FleetOutput() {}

  /** Runs the work on every target with a progress line, prints the report; the exit code. */
  static int run(
      Console console,
      java.util.List<String> targets,
      dev.strata.core.fleet.FleetOptions options,
      dev.strata.core.fleet.FleetRun.Work work,
      boolean json,
      String command) {
    FleetProgress progress = new FleetProgress(console, targets.size(), json);
    FleetReport report;
    try {
      report =
          dev.strata.core.fleet.FleetRun.run(
              targets, options, work, progress, dev.strata.core.config.DatabaseUrls::mask);
    } finally {
      progress.end();
    }
    print(console, report, json, command);
    return report.exitCode().code();
  }

  static void print(Console console, FleetReport report, boolean json, String command) {
    if (json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("command", "fleet " + command);
            g.writeBooleanField("upToDate", report.allUpToDate());
            g.writeNumberField("durationMs", report.millis());
            g.writeObjectFieldStart("counts");
            g.writeNumberField("targets", report.targets().size());
            for (var e : report.counts().entrySet()) {
              g.writeNumberField(e.getKey().word(), e.getValue());
            }
            g.writeEndObject();
            if (report.stopped().isPresent()) g.writeStringField("stopped", report.stopped().get());
            else g.writeNullField("stopped");
            g.writeArrayFieldStart("targets");
            for (TargetOutcome t : report.targets()) {
              g.writeStartObject();
              g.writeStringField("url", t.url());
              g.writeStringField("state", t.state().word());
              g.writeArrayFieldStart(listName(command));
              for (String m : t.migrations()) g.writeString(m);
              g.writeEndArray();
              g.writeNumberField("durationMs", t.millis());
              if (t.error().isPresent()) g.writeStringField("error", t.error().get());
              else g.writeNullField("error");
              if (!t.detail().isEmpty()) {
                g.writeArrayFieldStart("detail");
                for (String d : t.detail()) g.writeString(d);
                g.writeEndArray();
              }
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          });
      return;
    }
    var out = console.out();
    String what = listName(command);
    for (TargetOutcome t : report.targets()) {
      StringBuilder line = new StringBuilder(String.format("%-15s %s", t.state().word(), t.url()));
      if (!t.migrations().isEmpty()) {
        line.append("  ").append(t.migrations().size()).append(' ').append(what);
      }
      if (t.millis() > 0)
        line.append(String.format(java.util.Locale.ROOT, "  %.1f s", t.millis() / 1000.0));
      out.println(line);
      for (String d : t.detail()) out.println("                  " + d);
      t.error().ifPresent(e -> out.println("                  " + firstLine(e)));
    }
    out.println();
    out.println(report.summary() + ".");
    report
        .stopped()
        .ifPresent(
            why ->
                out.println(
                    "Stopped starting new targets: "
                        + why
                        + ". Fix the failed ones and run the same command again: targets already"
                        + " up to date are left as they are."));
    out.flush();
  }

  /** What a target's migrations are to the command: applied, pending, or reviewed. */
  private static String listName(String command) {
    return switch (command) {
      case "status" -> "pending";
      case "review" -> "reviewed";
      default -> "applied";
    };
  }

  /** A message on one line, shortened, for a line per target; the JSON carries it whole. */
  static String firstLine(String message) {
    String line = message.strip().replaceAll("\\s*\\n\\s*", " ");
    return line.length() > 400 ? line.substring(0, 397) + "..." : line;
  }
}

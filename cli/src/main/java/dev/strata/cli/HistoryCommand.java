package dev.strata.cli;

import dev.strata.core.history.AppliedMigration;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strata history}: the history table, readable. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Show every row of the history table: name, started, finished, duration, steps, state.")
final class HistoryCommand extends ConsoleCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    var history = common.strata(console).history();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("historyTable", history.table().toString());
            g.writeArrayFieldStart("rows");
            for (AppliedMigration row : history.rows()) {
              g.writeStartObject();
              g.writeStringField("id", row.id());
              g.writeStringField("name", row.migrationName());
              g.writeStringField("state", state(row));
              Json.instant(g, "startedAt", row.startedAt());
              Json.instant(g, "finishedAt", row.finishedAt());
              Json.instant(g, "rolledBackAt", row.rolledBackAt());
              g.writeNumberField("appliedSteps", row.appliedStepsCount());
              g.writeStringField("checksum", row.checksum());
              if (!row.failureLog().isEmpty()) g.writeStringField("logs", row.failureLog());
              var progress = row.progress();
              if (progress.isPresent()) g.writeNumberField("totalSteps", progress.get().total());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          });
      return 0;
    }
    var out = console.out();
    if (history.rows().isEmpty()) {
      out.println("No migrations recorded in " + history.table() + ".");
      return 0;
    }
    int width =
        Math.max(
            4, history.rows().stream().mapToInt(r -> r.migrationName().length()).max().orElse(4));
    String format = "%-" + width + "s  %-19s  %-19s  %9s  %5s  %s%n";
    out.printf(format, "NAME", "STARTED (UTC)", "FINISHED (UTC)", "DURATION", "STEPS", "STATE");
    for (AppliedMigration row : history.rows()) {
      out.printf(
          format,
          row.migrationName(),
          TIME.format(row.startedAt()),
          row.finishedAt() == null ? "-" : TIME.format(row.finishedAt()),
          row.duration().map(HistoryCommand::duration).orElse("-"),
          row.appliedStepsCount(),
          state(row));
    }
    out.flush();
    return 0;
  }

  private static String state(AppliedMigration row) {
    if (row.isRolledBack()) return "rolled_back";
    if (row.isFinished()) return "applied";
    return row.isFailed() ? "failed" : "interrupted";
  }

  private static String duration(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
  }
}

package dev.strata.cli;

import dev.strata.core.doctor.Check;
import dev.strata.core.doctor.DoctorReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata doctor}: the guide's pre-migration checklist. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pre-migration checklist.",
      "It checks the URL, the connection, the privileges the pending migrations need, disk space"
          + " for a backup, the migrations folder and history, the pending migrations with their"
          + " locks, the deploy lock, sessions that would block the migrations, and the newest"
          + " backup.",
      "Exit 0 when nothing failed."
    })
final class DoctorCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(
      names = "--backup-path",
      paramLabel = "DIR",
      defaultValue = "backups/pre-migration",
      description = "Where backups are kept (default: ${DEFAULT-VALUE}).")
  Path backupPath;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    DoctorReport report = strata.doctor(strata.settings().workingDir().resolve(backupPath));
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeBooleanField("passed", report.passed());
            g.writeArrayFieldStart("checks");
            for (Check c : report.checks()) {
              g.writeStartObject();
              g.writeStringField("name", c.name());
              g.writeStringField("status", c.status().word());
              g.writeStringField("detail", c.detail());
              g.writeStringField("action", c.action());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          });
    } else {
      for (Check c : report.checks()) {
        console.out().printf("%-8s %-20s %s%n", c.status().word(), c.name(), c.detail());
        if (!c.action().isEmpty()) console.out().printf("%-8s %-20s -> %s%n", "", "", c.action());
      }
      console.out().println();
      console
          .out()
          .println(
              report.passed()
                  ? "No check failed."
                  : "Some checks failed: fix them before migrating.");
    }
    console.out().flush();
    return report.exitCode().code();
  }
}

package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The review suite ({@code bench/run review}): times {@code strata review --json} of the 19 example
 * migrations (examples/helpdesk/migrations) as a user of {@code ./strata} runs it, a whole process
 * on the embedded PostgreSQL: once in a brand-new working directory (cold: initdb), then {@code
 * --runs} times in the same one (warm: the data directory exists, the server still starts). The
 * issue's goal: warm, under 5 seconds. See bench/README.md.
 */
final class ReviewMain {

  private static final PrintStream OUT = System.out;

  private static final Path JAR = Path.of("cli/target/strata.jar");
  private static final Path MIGRATIONS = Path.of("examples/helpdesk/migrations");
  private static final Path RESULT = Path.of("bench/target/review-result.json");

  private final ReviewOptions options;

  private ReviewMain(ReviewOptions options) {
    this.options = options;
  }

  static void main(String[] args) {
    Launcher.launch(args, ReviewOptions::parse, ReviewOptions.USAGE, o -> new ReviewMain(o).run());
  }

  private int run() throws IOException, InterruptedException {
    Path jar = JAR.toAbsolutePath().normalize();
    Path migrations = MIGRATIONS.toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          "error: " + jar + " not found (build it: ./mvnw -q -pl cli -am package -DskipTests)");
      return 1;
    }
    if (!Files.isDirectory(migrations)) {
      System.err.println("error: " + migrations + " not found; run from the repository root");
      return 1;
    }
    List<String> command =
        ReviewRun.command(Path.of(System.getProperty("java.home"), "bin", "java"), jar, migrations);
    Path work = Files.createTempDirectory("strata-bench-review-");
    Path project = Files.createDirectories(work.resolve("project"));
    Path logs = Files.createDirectories(work.resolve("logs"));
    // zonky unpacks its PostgreSQL binaries once per machine into java.io.tmpdir/embedded-pg
    Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    boolean binariesUnpacked = Files.isDirectory(binaries);
    printHeader(Main.machine("embedded PostgreSQL", "not used"), command, project);

    List<ReviewRun.Outcome> cold = new ArrayList<>();
    List<ReviewRun.Outcome> warm = new ArrayList<>();
    for (int run = 0; run <= options.runs(); run++) {
      String label = run == 0 ? "cold" : "warm " + run;
      Path log = logs.resolve(label.replace(' ', '-') + ".stderr");
      ReviewRun.Outcome o = ReviewRun.run(command, project, log);
      (run == 0 ? cold : warm).add(o);
      OUT.printf(
          Locale.ROOT,
          "%-8s %7.2f s  %s%n",
          label,
          o.millis() / 1000,
          o.failure() == null
              ? String.format(
                  Locale.ROOT,
                  "ok, %d migrations observed, 0 errors; review %.0f ms",
                  ReviewRun.EXPECTED_MIGRATIONS,
                  o.reviewMillis())
              : "FAILED: " + o.failure());
      if (o.failure() != null) {
        Main.tail(log, 25).forEach(line -> OUT.println("  | " + line));
        break; // a broken review has no figure worth the next runs
      }
    }

    String shadow =
        cold.isEmpty() || cold.get(0).shadow() == null
            ? "embedded PostgreSQL"
            : cold.get(0).shadow();
    ReviewReport report =
        new ReviewReport(
            Main.machine(shadow, "not used"),
            String.join(" ", command),
            options.runs(),
            cold,
            warm,
            notes(binariesUnpacked, binaries));
    report.print(OUT);
    report.writeJson(RESULT);
    OUT.println("result written to " + RESULT.toAbsolutePath().normalize());
    if (report.failure() != null) {
      OUT.println("working directory and logs kept in " + work);
      return 1;
    }
    Main.deleteTree(work);
    return 0;
  }

  private void printHeader(Report.Machine machine, List<String> command, Path project) {
    OUT.println("strata review benchmark");
    OUT.println(
        "  machine : " + machine.cores() + " cores, " + machine.cpu() + ", " + machine.memory());
    OUT.println("  os      : " + machine.os());
    OUT.println("  java    : " + machine.java());
    OUT.println("  command : " + String.join(" ", command));
    OUT.println(
        "  env     : without " + String.join(", ", ReviewRun.REMOVED_ENV) + "; working directory");
    OUT.println("            " + project + " (embedded PostgreSQL in .strata/)");
    OUT.println("  runs    : 1 cold (new directory: initdb) + " + options.runs() + " warm");
    OUT.println();
  }

  private static List<String> notes(boolean binariesUnpacked, Path binaries) {
    return List.of(
        "times are wall clock of whole OS processes, from spawn to exit: JVM start, the embedded"
            + " PostgreSQL's start (and initdb when cold) and stop, the review; 'review ms' is"
            + " strata's own \"millis\" from its JSON output",
        "JVM flags are those of the ./strata wrapper ("
            + String.join(" ", StrataLauncher.JVM_FLAGS)
            + "), so the figure is what a user of ./strata waits",
        "every run is checked: exit 0, \"observed\": true, "
            + ReviewRun.EXPECTED_MIGRATIONS
            + " migrations, 0 errors, a data directory in .strata/postgres and no server left"
            + " running after the JVM exited (so each warm run starts the server again)",
        binariesUnpacked
            ? "the embedded PostgreSQL binaries were already unpacked in "
                + binaries
                + " (once per machine), so the cold run does not include unpacking them"
            : "the cold run included unpacking the embedded PostgreSQL binaries into " + binaries);
  }
}

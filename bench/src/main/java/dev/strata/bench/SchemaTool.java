package dev.strata.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of comparing the schemas of databases A and B, timed as a whole OS process (JVM start
 * included), and the check that it really compared them and found nothing: the two databases hold
 * the same schema, so any difference reported is a failure of the run.
 */
abstract class SchemaTool {

  /** strata's own account of where its time went, from its {@code --json} output. */
  record Timings(double readFromMillis, double readToMillis, double diffMillis) {
    /** Everything after start-up: reading both schemas and diffing them. */
    double afterStartupMillis() {
      return readFromMillis + readToMillis + diffMillis;
    }
  }

  /**
   * One timed run. {@code failure} is null when the run succeeded; {@code detail} says what the
   * tool reported either way; {@code timings} only for strata, and only when it reported them.
   */
  record Outcome(int exitCode, long nanos, String failure, String detail, Timings timings) {
    double millis() {
      return nanos / 1e6;
    }
  }

  /** Everything a tool needs to know. {@code expected}: what A and B hold. */
  record Context(
      PgServer server,
      String databaseA,
      String databaseB,
      LargeSchema.Counts expected,
      Path java,
      List<String> classpath,
      Path strataJar,
      String strataXmx,
      long timeoutMinutes) {}

  static final int TIMED_OUT = -1;

  private final String name;

  SchemaTool(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Null when the tool can run, otherwise why it is skipped. */
  abstract String unavailableReason(Context context);

  /** The exact command, for the report. */
  abstract String describe(Context context);

  /** Compares A with B once; output goes to files next to {@code log}. */
  abstract Outcome run(Context context, Path log) throws IOException, InterruptedException;

  static SchemaTool named(String name) {
    return switch (name) {
      case "liquibase" -> new Liquibase();
      case "strata" -> new Strata();
      default ->
          throw new IllegalArgumentException(
              "unknown tool " + name + " (known: liquibase, strata)");
    };
  }

  /**
   * Runs {@code command} to completion with stdin empty; stdout to {@code stdout} (or, when null,
   * with stderr), stderr appended to {@code log}. Returns the exit code, {@link #TIMED_OUT} when
   * the process outlived the timeout.
   */
  static int exec(Context context, List<String> command, Path stdout, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (stdout == null) {
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      builder.redirectOutput(stdout.toFile());
    }
    Process process = builder.start();
    try {
      if (!process.waitFor(context.timeoutMinutes(), TimeUnit.MINUTES)) {
        Files.writeString(
            log,
            "\n[bench] timed out after " + context.timeoutMinutes() + " minutes\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        return TIMED_OUT;
      }
      return process.exitValue();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  static String exitFailure(int exit) {
    return exit == TIMED_OUT ? "timed out" : exit != 0 ? "exit code " + exit : null;
  }

  // ------------------------------------------------------------------ strata

  /**
   * {@code java -Xmx512m <./strata's JVM flags> -jar strata.jar diff URL_A URL_B --json}. The
   * contract: exit 0; stdout one JSON object with {@code "changes": [...]} (empty when the schemas
   * are equal) and {@code "timings": {"readFromMillis": n, "readToMillis": n, "diffMillis": n}}.
   */
  static final class Strata extends SchemaTool {
    Strata() {
      super("strata");
    }

    @Override
    String unavailableReason(Context c) {
      if (!Files.isRegularFile(c.strataJar())) {
        return c.strataJar() + " not found (build it: ./mvnw -q -pl cli -am package -DskipTests)";
      }
      // picocli: `help CMD` exits 0 only for a known subcommand
      try {
        Process p =
            new ProcessBuilder(
                    c.java().toString(), "-jar", c.strataJar().toString(), "help", "diff")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          return "'java -jar " + c.strataJar() + " help diff' did not finish in 2 minutes";
        }
        return p.exitValue() == 0
            ? null
            : c.strataJar()
                + " has no 'diff' command yet ('java -jar strata.jar help diff' exits "
                + p.exitValue()
                + "); build a strata that has it, or leave strata out: --tools liquibase";
      } catch (IOException e) {
        return "cannot run " + c.java() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }

    @Override
    String describe(Context c) {
      return c.java()
          + " -Xmx"
          + c.strataXmx()
          + " "
          + String.join(" ", StrataLauncher.JVM_FLAGS)
          + " -jar "
          + c.strataJar()
          + " diff URL_A URL_B --json";
    }

    @Override
    Outcome run(Context c, Path log) throws IOException, InterruptedException {
      Path stdout = log.resolveSibling(log.getFileName() + ".stdout");
      List<String> command = new java.util.ArrayList<>();
      command.add(c.java().toString());
      command.add("-Xmx" + c.strataXmx());
      command.addAll(StrataLauncher.flags(c.strataJar()));
      command.addAll(
          List.of(
              "-jar",
              c.strataJar().toString(),
              "diff",
              c.server().libpqUrl(c.databaseA()),
              c.server().libpqUrl(c.databaseB()),
              "--json"));
      long start = System.nanoTime();
      int exit = exec(c, command, stdout, log);
      long nanos = System.nanoTime() - start;
      String out = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
      String failure = exitFailure(exit);
      if (failure != null) {
        return new Outcome(exit, nanos, failure + " (stderr in " + log + ")", null, null);
      }
      StrataOutput o = StrataOutput.read(out);
      String problem = o.problem() != null ? o.problem() : o.shortfall(c.expected().tables());
      if (problem != null) {
        return new Outcome(exit, nanos, problem + " (stdout in " + stdout + ")", null, null);
      }
      String changes =
          o.fromObjects() == null
              ? "no changes"
              : String.format(
                  Locale.ROOT,
                  "no changes between %,.0f and %,.0f objects",
                  o.fromObjects(),
                  o.toObjects() == null ? Double.NaN : o.toObjects());
      String detail =
          o.timings() == null
              ? changes + "; no \"timings\" in the output"
              : String.format(
                  Locale.ROOT,
                  "%s; after start-up %.0f ms (read A %.0f + read B %.0f + diff %.0f)",
                  changes,
                  o.timings().afterStartupMillis(),
                  o.timings().readFromMillis(),
                  o.timings().readToMillis(),
                  o.timings().diffMillis());
      return new Outcome(exit, nanos, null, detail, o.timings());
    }
  }

  /**
   * What strata's {@code diff --json} stdout says: a problem, or no changes, its timings and (when
   * it reports them: {@code fromObjects}, {@code toObjects}) how many objects it read per side.
   */
  record StrataOutput(String problem, Timings timings, Double fromObjects, Double toObjects) {

    StrataOutput(String problem) {
      this(problem, null, null, null);
    }

    static StrataOutput read(String stdout) {
      Object value;
      try {
        value = JsonReader.parse(stdout);
      } catch (JsonReader.JsonException e) {
        // tolerate lines before the result (progress, warnings): the last line may be the object
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
        try {
          value = JsonReader.parse(last);
        } catch (JsonReader.JsonException again) {
          return new StrataOutput(
              "stdout is not one JSON object ("
                  + e.getMessage()
                  + "): "
                  + abbreviate(stdout.strip(), 200));
        }
      }
      if (!(value instanceof Map<?, ?> root)) {
        return new StrataOutput("stdout is JSON but not an object");
      }
      if (!(root.get("changes") instanceof List<?> changes)) {
        return new StrataOutput(
            "no \"changes\" array in the JSON output; members: " + root.keySet());
      }
      if (!changes.isEmpty()) {
        List<String> first = new ArrayList<>();
        for (Object change : changes.subList(0, Math.min(3, changes.size()))) {
          first.add(abbreviate(Report.json(change, "").replaceAll("\\s+", " "), 200));
        }
        return new StrataOutput(
            changes.size()
                + " change(s) between identical schemas, first: "
                + String.join("; ", first));
      }
      return new StrataOutput(
          null,
          timings(root.get("timings")),
          root.get("fromObjects") instanceof Double from ? from : null,
          root.get("toObjects") instanceof Double to ? to : null);
    }

    /**
     * Null when strata may have read the whole schema, else why not: an empty schema diffs to
     * nothing too, so a side with fewer objects than the schema has tables was not read.
     */
    String shortfall(int tables) {
      for (Double objects : new Double[] {fromObjects, toObjects}) {
        if (objects != null && objects < tables) {
          return String.format(
              Locale.ROOT,
              "strata read %.0f objects from one side (fromObjects %s, toObjects %s); the schema"
                  + " has %d tables",
              objects,
              fromObjects,
              toObjects,
              tables);
        }
      }
      return null;
    }

    private static Timings timings(Object value) {
      if (!(value instanceof Map<?, ?> t)
          || !(t.get("readFromMillis") instanceof Double from)
          || !(t.get("readToMillis") instanceof Double to)
          || !(t.get("diffMillis") instanceof Double diff)) {
        return null;
      }
      return new Timings(from, to, diff);
    }
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  // ------------------------------------------------------------------ liquibase

  /**
   * {@code java -cp <liquibase jars> dev.strata.bench.LiquibaseDiffMain JDBC_A JDBC_B}: Liquibase's
   * {@code diff} command with A as the reference and B as the target, its text report on stdout.
   */
  static final class Liquibase extends SchemaTool {
    Liquibase() {
      super("liquibase");
    }

    @Override
    String unavailableReason(Context context) {
      return null;
    }

    @Override
    String describe(Context c) {
      return c.java()
          + " -cp <liquibase jars> dev.strata.bench.LiquibaseDiffMain JDBC_URL_A JDBC_URL_B"
          + "   (diff --reference-url=A --url=B)";
    }

    @Override
    Outcome run(Context c, Path log) throws IOException, InterruptedException {
      List<String> command =
          List.of(
              c.java().toString(),
              "-cp",
              Classpaths.LIQUIBASE_ONLY.apply(c.classpath()),
              "dev.strata.bench.LiquibaseDiffMain",
              c.server().jdbcUrl(c.databaseA()),
              c.server().jdbcUrl(c.databaseB()));
      long start = System.nanoTime();
      int exit = exec(c, command, null, log);
      long nanos = System.nanoTime() - start;
      LiquibaseSummary summary =
          LiquibaseSummary.find(
              Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of());
      String failure = exitFailure(exit);
      if (exit == LiquibaseDiffMain.DIFFERENT) {
        failure =
            "Liquibase found differences between identical schemas: "
                + (summary == null ? "see the log" : summary.differences());
      } else if (failure == null && summary == null) {
        failure = "no '[bench] reference ...' line in the output";
      } else if (failure == null) {
        failure = summary.shortfall(c.expected());
      }
      if (failure != null) {
        return new Outcome(exit, nanos, failure + " (log: " + log + ")", null, null);
      }
      return new Outcome(
          exit,
          nanos,
          null,
          String.format(
              Locale.ROOT,
              "no differences; compared %,d tables, %,d columns, %,d indexes, %,d foreign keys",
              summary.reference().tables(),
              summary.reference().columns(),
              summary.reference().indexes(),
              summary.reference().foreignKeys()),
          null);
    }
  }

  /** The line {@link LiquibaseDiffMain} prints after the report. */
  record LiquibaseSummary(
      LargeSchema.Counts reference, LargeSchema.Counts target, String differences) {

    private static final String COUNTS =
        "(\\d+) tables, (\\d+) columns, (\\d+) indexes, (\\d+) primary keys,"
            + " \\d+ unique constraints, (\\d+) foreign keys";
    private static final Pattern LINE =
        Pattern.compile(
            "^\\[bench] reference " + COUNTS + "; target " + COUNTS + "; differences: (.*)$");

    static LiquibaseSummary find(List<String> lines) {
      for (String line : lines) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          return new LiquibaseSummary(counts(m, 1), counts(m, 6), m.group(11));
        }
      }
      return null;
    }

    private static LargeSchema.Counts counts(Matcher m, int group) {
      return new LargeSchema.Counts(
          Integer.parseInt(m.group(group)),
          Integer.parseInt(m.group(group + 1)),
          Integer.parseInt(m.group(group + 2)),
          Integer.parseInt(m.group(group + 3)),
          Integer.parseInt(m.group(group + 4)));
    }

    /** Null when both snapshots hold the whole schema, else what is missing. */
    String shortfall(LargeSchema.Counts expected) {
      String side =
          !reference.equals(expected)
              ? "reference (A)"
              : !target.equals(expected) ? "target (B)" : null;
      if (side == null) {
        return null;
      }
      return "Liquibase's "
          + side
          + " snapshot holds "
          + (side.startsWith("reference") ? reference : target).describe()
          + "; the databases hold "
          + expected.describe();
    }
  }
}

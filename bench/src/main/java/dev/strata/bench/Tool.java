package dev.strata.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One way of applying the corpus, timed as whole OS processes: everything from spawning the first
 * process to the exit of the last one counts, JVM start-up included.
 */
abstract class Tool {

  /** What one timed run produced. */
  record Outcome(int exitCode, long nanos, int processes) {
    double millis() {
      return nanos / 1e6;
    }
  }

  /** Everything a tool may need to know about its environment. */
  record Context(
      PgServer server,
      Corpus.Layout layout,
      Path java,
      List<String> classpath,
      Path psql,
      Path strataJar) {

    Context withLayout(Corpus.Layout other) {
      return new Context(server, other, java, classpath, psql, strataJar);
    }
  }

  /** Far beyond any sane run; only there so a hung tool cannot hang the harness. */
  static final long TIMEOUT_MINUTES = 20;

  static final int TIMED_OUT = -1;

  private final String name;

  Tool(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Null when the tool can run, otherwise why it is skipped. */
  abstract String unavailableReason(Context context);

  /** The exact command(s), for the report. */
  abstract String describe(Context context);

  /** Applies the corpus to the empty database {@code database}; output goes to {@code log}. */
  abstract Outcome run(Context context, String database, Path log)
      throws IOException, InterruptedException;

  /**
   * The tool's own report of where {@code database} stands ({@code flyway info}, {@code liquibase
   * status}, {@code strata status}), or null for a tool that keeps no history (psql).
   */
  String statusName() {
    return null;
  }

  /**
   * Called once the template database of an incremental run holds the already-applied migrations;
   * returns a note for the report, or null.
   */
  String prepared(Context context, String template, Path log)
      throws IOException, InterruptedException {
    return null;
  }

  /** Runs {@link #statusName()} on a database the tool has just brought up to date. */
  Outcome status(Context context, String database, Path log)
      throws IOException, InterruptedException {
    throw new UnsupportedOperationException(name() + " has no status command");
  }

  static Tool named(String name) {
    return switch (name) {
      case "psql" -> new PsqlPerFile();
      case "psql-single" -> new PsqlSingle();
      case "flyway" ->
          new JvmMain(
              "flyway",
              "dev.strata.bench.FlywayMain",
              Classpaths.FLYWAY_ONLY,
              "info",
              (c, db) -> List.of(c.server().jdbcUrl(db), c.layout().flywayDir().toString()));
      case "liquibase" ->
          new JvmMain(
              "liquibase",
              "dev.strata.bench.LiquibaseMain",
              Classpaths.LIQUIBASE_ONLY,
              "status",
              (c, db) ->
                  List.of(c.server().jdbcUrl(db), c.layout().liquibaseChangelog().toString()));
      case "strata" -> new Strata();
      default ->
          throw new IllegalArgumentException(
              "unknown tool " + name + " (known: psql, psql-single, flyway, liquibase, strata)");
    };
  }

  /** Runs one command to completion, stdout and stderr appended to {@code log}, stdin empty. */
  static int exec(List<String> command, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        Files.writeString(
            log,
            "\n[bench] timed out after " + TIMEOUT_MINUTES + " minutes\n",
            StandardOpenOption.APPEND);
        return TIMED_OUT;
      }
      return process.exitValue();
    } finally {
      // only our own child and its children (psql under the bash loop)
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  // ------------------------------------------------------------------ psql

  private abstract static class Psql extends Tool {
    Psql(String name) {
      super(name);
    }

    @Override
    String unavailableReason(Context context) {
      return context.psql() == null ? "psql not found (pass --psql PATH)" : null;
    }
  }

  /**
   * One {@code psql -1 -f FILE} process per migration, driven by a generated bash script: what a
   * shell-script deployer does. Spawning the processes from bash rather than from this JVM keeps
   * Java's heavier process spawning out of psql's time.
   */
  static final class PsqlPerFile extends Psql {
    PsqlPerFile() {
      super("psql");
    }

    @Override
    String describe(Context context) {
      return "bash loop: "
          + context.psql()
          + " -X -q -v ON_ERROR_STOP=1 -1 -d URL -f FILE   (one process per migration)";
    }

    @Override
    Outcome run(Context context, String database, Path log)
        throws IOException, InterruptedException {
      Path script = context.layout().root().resolve("psql").resolve("per-file.sh");
      if (!Files.exists(script)) {
        StringBuilder text = new StringBuilder("set -e\n");
        for (Path file : context.layout().psqlFiles()) {
          text.append("\"$PSQL\" -X -q -v ON_ERROR_STOP=1 -1 -d \"$DB_URL\" -f '")
              .append(file)
              .append("'\n");
        }
        Files.writeString(script, text);
      }
      Map<String, String> env =
          Map.of("PSQL", context.psql().toString(), "DB_URL", context.server().libpqUrl(database));
      long start = System.nanoTime();
      int exit = exec(List.of("bash", script.toString()), env, log);
      return new Outcome(exit, System.nanoTime() - start, 1 + context.layout().psqlFiles().size());
    }
  }

  /** One psql process over a concatenation of all migrations, each wrapped in BEGIN/COMMIT. */
  static final class PsqlSingle extends Psql {
    PsqlSingle() {
      super("psql-single");
    }

    @Override
    String describe(Context context) {
      return context.psql()
          + " -X -q -v ON_ERROR_STOP=1 -d URL -f all.sql   (BEGIN;/COMMIT; around each migration)";
    }

    @Override
    Outcome run(Context context, String database, Path log)
        throws IOException, InterruptedException {
      List<String> command =
          List.of(
              context.psql().toString(),
              "-X",
              "-q",
              "-v",
              "ON_ERROR_STOP=1",
              "-d",
              context.server().libpqUrl(database),
              "-f",
              context.layout().psqlSingleFile().toString());
      long start = System.nanoTime();
      int exit = exec(command, Map.of(), log);
      return new Outcome(exit, System.nanoTime() - start, 1);
    }
  }

  // ------------------------------------------------------------------ JVM tools

  interface Arguments {
    List<String> of(Context context, String database);
  }

  /** Flyway or Liquibase through a tiny main class in a fresh JVM, default JVM options. */
  static final class JvmMain extends Tool {
    private final String mainClass;
    private final Classpaths.Filter filter;
    private final String statusCommand;
    private final Arguments arguments;

    JvmMain(
        String name,
        String mainClass,
        Classpaths.Filter filter,
        String statusCommand,
        Arguments arguments) {
      super(name);
      this.mainClass = mainClass;
      this.filter = filter;
      this.statusCommand = statusCommand;
      this.arguments = arguments;
    }

    @Override
    String statusName() {
      return name() + " " + statusCommand;
    }

    @Override
    String unavailableReason(Context context) {
      return null;
    }

    @Override
    String describe(Context context) {
      return context.java()
          + " -cp <"
          + name()
          + " jars> "
          + mainClass
          + " JDBC_URL "
          + (name().equals("flyway") ? "MIGRATIONS_DIR" : "CHANGELOG");
    }

    @Override
    Outcome run(Context context, String database, Path log)
        throws IOException, InterruptedException {
      return timed(context, database, log, List.of());
    }

    @Override
    Outcome status(Context context, String database, Path log)
        throws IOException, InterruptedException {
      return timed(context, database, log, List.of(statusCommand));
    }

    private Outcome timed(Context context, String database, Path log, List<String> extra)
        throws IOException, InterruptedException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  context.java().toString(), "-cp", filter.apply(context.classpath()), mainClass));
      command.addAll(arguments.of(context, database));
      command.addAll(extra);
      long start = System.nanoTime();
      int exit = exec(command, Map.of(), log);
      return new Outcome(exit, System.nanoTime() - start, 1);
    }
  }

  /**
   * {@code java FLAGS -jar strata.jar deploy --url URL --dir DIR}, the CLI contract, with the JVM
   * flags of the {@code ./strata} launcher users run it with.
   */
  static final class Strata extends Tool {
    private static final java.util.regex.Pattern ERROR_CODE =
        java.util.regex.Pattern.compile(
            "\"code\"\\s*:\\s*\"([^\"]+)\",\\s*\"level\"\\s*:\\s*\"error\"");

    /** Hazards of the pending migrations that the default review refuses; accepted when timed. */
    private List<String> allowed = List.of();

    Strata() {
      super("strata");
    }

    /**
     * The pending migrations of the corpus were not written to be safe on tables in use (CREATE
     * INDEX without CONCURRENTLY, SET NOT NULL...): the default review refuses them, as it should.
     * Flyway and Liquibase apply them without looking, so to time the same work strata is told to
     * accept what its own review reports, found by a {@code strata review} of the template
     * (untimed). The timed deploy still runs the whole default review.
     */
    @Override
    String prepared(Context context, String template, Path log)
        throws IOException, InterruptedException {
      Path json = log.resolveSibling("strata-template-review.json");
      List<String> command =
          List.of(
              context.java().toString(),
              "-jar",
              context.strataJar().toString(),
              "review",
              "--json",
              "--url",
              context.server().libpqUrl(template),
              "--dir",
              context.layout().prismaDir().toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(json.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      var codes = new java.util.TreeSet<String>();
      var matcher = ERROR_CODE.matcher(Files.readString(json));
      while (matcher.find()) codes.add(matcher.group(1));
      allowed = List.copyOf(codes);
      return codes.isEmpty()
          ? null
          : "strata deploys with --allow-hazards "
              + String.join(",", codes)
              + ": its default review finds these in the pending migrations and refuses them;"
              + " Flyway and Liquibase apply them unchecked (the review itself still runs)";
    }

    @Override
    String unavailableReason(Context context) {
      return Files.isRegularFile(context.strataJar())
          ? null
          : context.strataJar()
              + " not found (build it: ./mvnw -q -pl cli -am package -DskipTests)";
    }

    @Override
    String describe(Context context) {
      return context.java()
          + " "
          + String.join(" ", StrataLauncher.JVM_FLAGS)
          + " -jar "
          + context.strataJar()
          + " deploy --url URL --dir PRISMA_DIR (the flags ./strata passes)";
    }

    @Override
    String statusName() {
      return "strata status";
    }

    @Override
    Outcome run(Context context, String database, Path log)
        throws IOException, InterruptedException {
      return timed(context, database, log, "deploy");
    }

    @Override
    Outcome status(Context context, String database, Path log)
        throws IOException, InterruptedException {
      return timed(context, database, log, "status");
    }

    private Outcome timed(Context context, String database, Path log, String subcommand)
        throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(context.java().toString());
      command.addAll(StrataLauncher.flags(context.strataJar()));
      command.addAll(
          List.of(
              "-jar",
              context.strataJar().toString(),
              subcommand,
              "--url",
              context.server().libpqUrl(database),
              "--dir",
              context.layout().prismaDir().toString()));
      if (subcommand.equals("deploy") && !allowed.isEmpty()) {
        command.add("--allow-hazards");
        command.add(String.join(",", allowed));
      }
      long start = System.nanoTime();
      int exit = exec(command, Map.of(), log);
      return new Outcome(exit, System.nanoTime() - start, 1);
    }
  }
}

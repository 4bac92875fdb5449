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
      Path strataJar) {}

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

  static Tool named(String name) {
    return switch (name) {
      case "psql" -> new PsqlPerFile();
      case "psql-single" -> new PsqlSingle();
      case "flyway" ->
          new JvmMain(
              "flyway",
              "dev.strata.bench.FlywayMain",
              Classpaths.FLYWAY_ONLY,
              (c, db) -> List.of(c.server().jdbcUrl(db), c.layout().flywayDir().toString()));
      case "liquibase" ->
          new JvmMain(
              "liquibase",
              "dev.strata.bench.LiquibaseMain",
              Classpaths.LIQUIBASE_ONLY,
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
    private final Arguments arguments;

    JvmMain(String name, String mainClass, Classpaths.Filter filter, Arguments arguments) {
      super(name);
      this.mainClass = mainClass;
      this.filter = filter;
      this.arguments = arguments;
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
      List<String> command =
          new ArrayList<>(
              List.of(
                  context.java().toString(), "-cp", filter.apply(context.classpath()), mainClass));
      command.addAll(arguments.of(context, database));
      long start = System.nanoTime();
      int exit = exec(command, Map.of(), log);
      return new Outcome(exit, System.nanoTime() - start, 1);
    }
  }

  /** {@code java -jar strata.jar deploy --url URL --dir DIR}, the CLI contract. */
  static final class Strata extends Tool {
    Strata() {
      super("strata");
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
      return context.java() + " -jar " + context.strataJar() + " deploy --url URL --dir PRISMA_DIR";
    }

    @Override
    Outcome run(Context context, String database, Path log)
        throws IOException, InterruptedException {
      List<String> command =
          List.of(
              context.java().toString(),
              "-jar",
              context.strataJar().toString(),
              "deploy",
              "--url",
              context.server().libpqUrl(database),
              "--dir",
              context.layout().prismaDir().toString());
      long start = System.nanoTime();
      int exit = exec(command, Map.of(), log);
      return new Outcome(exit, System.nanoTime() - start, 1);
    }
  }
}

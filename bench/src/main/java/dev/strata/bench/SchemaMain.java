package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema suite ({@code bench/run schema}): builds (or reuses) two databases A and B holding the
 * same generated schema of {@code --tables} tables, then times each tool comparing A with B, a
 * whole process per run: strata's {@code diff --json} and Liquibase's {@code diff}. Tools are
 * interleaved and their order rotates per round. Both must find no difference. See bench/README.md.
 */
final class SchemaMain {

  private static final PrintStream OUT = System.out;

  private final SchemaOptions options;

  /** Scratch databases to drop, also from the shutdown hook (Ctrl-C). */
  private final List<String> scratch = new java.util.concurrent.CopyOnWriteArrayList<>();

  private SchemaMain(SchemaOptions options) {
    this.options = options;
  }

  static void main(String[] args) {
    Launcher.launch(
        args,
        SchemaOptions::parse,
        SchemaOptions.USAGE,
        options -> {
          try {
            return new SchemaMain(options).run();
          } catch (IllegalStateException e) {
            // a kept database that does not fit: the message says what to do
            System.err.println("error: " + e.getMessage());
            return 1;
          }
        });
  }

  /** The two databases the tools compare, and how they came to be. */
  private record Databases(
      String a, String originA, Double secondsA, String b, String originB, Double secondsB) {}

  private int run() throws IOException, SQLException, InterruptedException {
    PgServer server = PgServer.parse(options.url());
    Path work = Files.createTempDirectory("strata-bench-schema-");
    Path logs = Files.createDirectories(work.resolve("logs"));
    LargeSchema schema = LargeSchema.generate(options.tables(), options.seed());
    LargeSchema.Counts expected = schema.counts();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropOnExit(server)));

    List<String> notes = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Map<String, SchemaReport.ToolResult> results = new LinkedHashMap<>();
    boolean failed = false;
    Report.Machine machine;
    SchemaReport.Setup setup;
    try (AdminDb admin = new AdminDb(server)) {
      machine = Main.machine(admin, Options.findPsql());
      printHeader(machine, expected, work);

      // tools first: no point in generating databases for a tool that cannot run
      List<SchemaTool> tools = new ArrayList<>();
      for (String name : options.tools()) {
        SchemaTool tool = SchemaTool.named(name);
        String reason = tool.unavailableReason(context(server, null, null, expected));
        results.put(
            name,
            new SchemaReport.ToolResult(
                name,
                tool.describe(context(server, null, null, expected)),
                new ArrayList<>(),
                new ArrayList<>(),
                null,
                reason));
        if (reason == null) {
          tools.add(tool);
        } else {
          OUT.println("skipping " + name + ": " + reason);
        }
      }
      if (tools.isEmpty()) {
        System.err.println("error: no tool can run");
        Main.deleteTree(work);
        return 1;
      }

      // ---------------------------------------------------------------- databases
      Databases dbs;
      try {
        dbs = databases(admin, server, schema, created);
      } catch (SQLException | RuntimeException e) {
        dropScratch(admin);
        Main.deleteTree(work);
        throw e;
      }
      for (String db : List.of(dbs.a(), dbs.b())) {
        LargeSchema.Counts found = SchemaSource.count(server, db);
        if (!found.equals(expected)) {
          dropScratch(admin);
          Main.deleteTree(work);
          System.err.println(
              "error: "
                  + db
                  + " holds "
                  + found.describe()
                  + ", the generated schema has "
                  + expected.describe()
                  + (options.keepSource() != null
                      ? "; drop it or pick another --keep-source name"
                      : ""));
          return 1;
        }
      }
      OUT.printf(Locale.ROOT, "checked: A and B each hold %s%n", expected.describe());
      admin.checkpoint();
      SchemaTool.Context context = context(server, dbs.a(), dbs.b(), expected);
      OUT.println();

      // ---------------------------------------------------------------- rounds
      try {
        int rounds = options.warmup() + options.runs();
        for (int round = 0; round < rounds; round++) {
          boolean warmup = round < options.warmup();
          String label =
              warmup ? "warm-up " + (round + 1) : "run " + (round - options.warmup() + 1);
          for (SchemaTool tool : rotate(tools, round)) {
            SchemaReport.ToolResult result = results.get(tool.name());
            if (result.failure() != null) {
              continue;
            }
            Path log = logs.resolve(tool.name() + "-" + label.replace(' ', '-') + ".log");
            SchemaTool.Outcome o = tool.run(context, log);
            OUT.printf(
                Locale.ROOT,
                "%-10s %-10s %9.2f s  %s%n",
                label,
                tool.name(),
                o.millis() / 1000,
                o.failure() == null ? "ok, " + o.detail() : "FAILED: " + o.failure());
            if (o.failure() != null) {
              failed = true;
              printTail(log, 25);
              printTail(log.resolveSibling(log.getFileName() + ".stdout"), 10);
              results.put(tool.name(), result.fail(o.failure()));
            } else if (!warmup) {
              result.millis().add(o.millis());
              if (o.timings() != null) {
                result.timings().add(o.timings());
              }
            }
          }
        }
      } finally {
        dropScratch(admin);
      }

      List<String> remaining = new ArrayList<>(admin.leftovers());
      remaining.retainAll(created);
      if (remaining.isEmpty()) {
        notes.add(
            created.isEmpty()
                ? dbs.a() + " and " + dbs.b() + " are kept (--keep-source)"
                : "all " + created.size() + " scratch database(s) were dropped");
      } else {
        failed = true;
        notes.add("scratch databases NOT dropped: " + String.join(", ", remaining));
      }
      setup =
          new SchemaReport.Setup(
              expected,
              options.seed(),
              options.copy().name().toLowerCase(Locale.ROOT),
              dbs.a(),
              dbs.originA(),
              dbs.secondsA(),
              dbs.b(),
              dbs.originB(),
              dbs.secondsB(),
              options.runs(),
              options.warmup(),
              options.strataXmx());
    }

    addMethodNotes(notes);
    SchemaReport report = new SchemaReport(machine, setup, List.copyOf(results.values()), notes);
    report.print(OUT);
    report.writeJson(options.out());
    OUT.println("result written to " + options.out().toAbsolutePath().normalize());
    if (options.keepLogs() || failed) {
      OUT.println("logs kept in " + work);
    } else {
      Main.deleteTree(work);
    }
    return failed ? 1 : 0;
  }

  private SchemaTool.Context context(
      PgServer server, String a, String b, LargeSchema.Counts expected) {
    return new SchemaTool.Context(
        server,
        a,
        b,
        expected,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        // absolute, so the child JVMs do not depend on the working directory
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
            .toList(),
        options.strataJar().toAbsolutePath().normalize(),
        options.strataXmx(),
        options.timeoutMinutes());
  }

  /**
   * A and B: reused when {@code --keep-source} names databases that exist and hold this schema
   * (checked by the caller), else generated; scratch ones are recorded in {@code created}.
   */
  private Databases databases(
      AdminDb admin, PgServer server, LargeSchema schema, List<String> created)
      throws SQLException {
    String keep = options.keepSource();
    if (keep != null) {
      String a = keep + "_a";
      String b = keep + "_b";
      boolean hasA = admin.exists(a);
      boolean hasB = admin.exists(b);
      if (hasA && hasB) {
        OUT.println("databases: reusing " + a + " and " + b);
        return new Databases(a, origin(admin, a), null, b, origin(admin, b), null);
      }
      if (hasA || hasB) {
        throw new IllegalStateException(
            (hasA ? a : b)
                + " exists but "
                + (hasA ? b : a)
                + " does not; drop it or pick another --keep-source name");
      }
    }
    String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    String a = AdminDb.PREFIX + "schema_a_" + suffix;
    String b = AdminDb.PREFIX + "schema_b_" + suffix;
    OUT.printf(Locale.ROOT, "databases: generating A = %s...%n", a);
    scratch.add(a);
    created.add(a);
    double secondsA =
        SchemaSource.generate(admin, server, a, schema, LargeSchema.Order.AS_GENERATED);
    OUT.printf(Locale.ROOT, "  A generated in %.1f s%n", secondsA);
    double secondsB;
    scratch.add(b);
    created.add(b);
    if (options.copy() == SchemaOptions.Copy.TEMPLATE) {
      OUT.printf(Locale.ROOT, "databases: B = %s, CREATE DATABASE ... TEMPLATE A...%n", b);
      long start = System.nanoTime();
      admin.createFromTemplate(b, a);
      // database comments are not copied with the template
      admin.setComment(
          b,
          new SchemaSource.Origin(
                  schema.tableCount(), schema.seed(), LargeSchema.Order.AS_GENERATED)
              .comment());
      secondsB = (System.nanoTime() - start) / 1e9;
    } else {
      OUT.printf(Locale.ROOT, "databases: generating B = %s, the same statements shuffled...%n", b);
      secondsB = SchemaSource.generate(admin, server, b, schema, LargeSchema.Order.SHUFFLED);
    }
    OUT.printf(Locale.ROOT, "  B made in %.1f s%n", secondsB);
    String originA = String.format(Locale.ROOT, "generated in %.1f s", secondsA);
    String originB =
        options.copy() == SchemaOptions.Copy.TEMPLATE
            ? String.format(Locale.ROOT, "CREATE DATABASE ... TEMPLATE A, %.1f s", secondsB)
            : String.format(Locale.ROOT, "generated in %.1f s, statements shuffled", secondsB);
    if (keep != null) {
      // renamed only once both are complete, so a half-generated pair is never reused
      for (String[] pair : new String[][] {{a, keep + "_a"}, {b, keep + "_b"}}) {
        admin.rename(pair[0], pair[1]);
        scratch.remove(pair[0]);
        created.remove(pair[0]);
      }
      OUT.println("databases: kept as " + keep + "_a and " + keep + "_b");
      return new Databases(
          keep + "_a", originA + ", kept", secondsA, keep + "_b", originB + ", kept", secondsB);
    }
    return new Databases(a, originA, secondsA, b, originB, secondsB);
  }

  /** How a reused database was made; refuses one the harness made from other parameters. */
  private String origin(AdminDb admin, String database) throws SQLException {
    SchemaSource.Origin origin = SchemaSource.Origin.parse(admin.comment(database));
    if (origin == null) {
      return "reused, NOT generated by the harness";
    }
    if (origin.tables() != options.tables() || origin.seed() != options.seed()) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s was generated with --tables %d --seed %d, not --tables %d --seed %d;"
                  + " drop it or pick another --keep-source name",
              database,
              origin.tables(),
              origin.seed(),
              options.tables(),
              options.seed()));
    }
    return "reused, generated earlier by the harness, order "
        + origin.order().name().toLowerCase(Locale.ROOT);
  }

  private void dropScratch(AdminDb admin) throws SQLException {
    for (String db : List.copyOf(scratch)) {
      admin.drop(db);
      scratch.remove(db);
    }
  }

  private void addMethodNotes(List<String> notes) {
    notes.add(
        "times are wall clock of whole OS processes (JVM start included), from spawn to exit;"
            + " generating, counting and dropping databases are not timed");
    notes.add(
        "both databases hold the same schema, so each tool must report no difference: strata an"
            + " empty \"changes\" array, Liquibase nothing missing, unexpected or changed but the"
            + " catalog (database) name; Liquibase's snapshots are checked to hold every table,"
            + " column, index, primary key and foreign key");
    notes.add(
        "strata's after start-up figure is its own --json timings (readFromMillis + readToMillis"
            + " + diffMillis), measured inside its JVM; the goal < 1 s applies to it");
    notes.add(
        "liquibase runs the diff command through its CommandScope API (as the CLI does), with the"
            + " text report on stdout, default JVM options and analytics disabled; strata runs"
            + " with -Xmx"
            + options.strataXmx()
            + " and the JVM flags of ./strata ("
            + String.join(" ", StrataLauncher.JVM_FLAGS)
            + ")");
  }

  private static List<SchemaTool> rotate(List<SchemaTool> tools, int round) {
    if (tools.isEmpty()) {
      return tools;
    }
    int shift = round % tools.size();
    List<SchemaTool> order = new ArrayList<>(tools.subList(shift, tools.size()));
    order.addAll(tools.subList(0, shift));
    return order;
  }

  private static void printTail(Path file, int lines) {
    if (Files.isRegularFile(file)) {
      OUT.println("  last lines of " + file + ":");
      Main.tail(file, lines).forEach(line -> OUT.println("  | " + line));
    }
  }

  private void printHeader(Report.Machine machine, LargeSchema.Counts counts, Path work) {
    OUT.println("strata schema benchmark (introspect + diff)");
    OUT.println(
        "  machine : " + machine.cores() + " cores, " + machine.cpu() + ", " + machine.memory());
    OUT.println("  os      : " + machine.os());
    OUT.println("  java    : " + machine.java());
    OUT.println("  server  : " + machine.server());
    OUT.println("  schema  : " + counts.describe() + ", seed " + options.seed());
    OUT.println("  strata  : " + options.strataJar() + " (-Xmx" + options.strataXmx() + ")");
    OUT.println("  work dir: " + work);
    OUT.println(
        "  runs    : "
            + options.warmup()
            + " warm-up + "
            + options.runs()
            + " timed per tool, tools "
            + String.join(",", options.tools()));
    OUT.println();
  }

  private void dropOnExit(PgServer server) {
    for (String database : List.copyOf(scratch)) {
      try {
        AdminDb.dropWithFreshConnection(server, database);
        System.err.println("dropped " + database);
      } catch (SQLException e) {
        System.err.println("could not drop " + database + ": " + e.getMessage());
      }
    }
  }
}

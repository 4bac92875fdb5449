package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark: generates the corpus once, then applies it with every tool to fresh databases,
 * interleaving the tools (round 1 of each, then round 2, ...) and rotating their order per round so
 * slow drifts of the machine spread over all of them. Prints medians and ratios; see
 * bench/README.md for how to read them.
 */
public final class Main {

  private static final PrintStream OUT = System.out;

  private final Options options;

  /** The scratch database in use, for the shutdown hook (Ctrl-C). */
  private volatile String currentDatabase;

  /** Per tool, the database holding the already-applied migrations (--pending), copied per run. */
  private final Map<String, String> templates = new java.util.concurrent.ConcurrentHashMap<>();

  private Main(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("backup")) {
      BackupMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("schema")) {
      SchemaMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("bigfile")) {
      BigFileMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("mysql")) {
      try {
        MysqlMain.main(Arrays.copyOfRange(args, 1, args.length));
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        System.exit(1);
      }
      return;
    }
    if (args.length > 0 && args[0].equals("fleet")) {
      FleetMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("review")) {
      ReviewMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Launcher.launch(args, Options::parse, Options.USAGE, options -> new Main(options).run());
  }

  private int run() throws IOException, SQLException, InterruptedException {
    PgServer server = PgServer.parse(options.url());
    Corpus corpus = Corpus.generate(options.migrations(), options.seed());
    Path work = Files.createTempDirectory("strata-bench-");
    Corpus.Layout layout = corpus.write(work.resolve("corpus"), options.liquibaseSplit());
    Corpus.Layout applied = null;
    if (options.pending() > 0) {
      List<Corpus.Migration> all = corpus.migrations();
      int split = all.size() - options.pending();
      applied =
          corpus.write(work.resolve("applied"), options.liquibaseSplit(), all.subList(0, split));
      // psql keeps no history: a shell deployer is handed the new files only
      layout =
          layout.withPsqlOf(
              corpus.write(
                  work.resolve("pending"),
                  options.liquibaseSplit(),
                  all.subList(split, all.size())));
    }
    Path logs = Files.createDirectories(work.resolve("logs"));
    Tool.Context context =
        new Tool.Context(
            server,
            layout,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            // absolute, so the child JVMs do not depend on the working directory
            Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .toList(),
            options.psql(),
            options.strataJar().toAbsolutePath().normalize());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropOnExit(server)));

    List<String> notes = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Map<String, Report.ToolResult> results = new LinkedHashMap<>();
    boolean failed = false;
    Report.Machine machine;
    try (AdminDb admin = new AdminDb(server)) {
      machine = machine(admin, options.psql());
      printHeader(machine, corpus, layout, work);
      List<String> leftovers = admin.leftovers();
      if (!leftovers.isEmpty()) {
        notes.add(
            "found scratch databases from an earlier run, left alone: "
                + String.join(", ", leftovers));
      }

      List<Tool> tools = new ArrayList<>();
      for (String name : options.tools()) {
        Tool tool = Tool.named(name);
        String reason = tool.unavailableReason(context);
        results.put(
            name,
            new Report.ToolResult(name, tool.describe(context), new ArrayList<>(), null, reason));
        if (reason == null) {
          tools.add(tool);
        } else {
          OUT.println("skipping " + name + ": " + reason);
        }
        if (reason == null && options.status() && tool.statusName() != null) {
          results.put(
              tool.statusName(),
              new Report.ToolResult(
                  tool.statusName(),
                  tool.statusName() + ", on the database the deploy has just brought up to date",
                  new ArrayList<>(),
                  null,
                  null));
        }
      }
      OUT.println();
      if (applied != null) {
        prepareTemplates(admin, tools, context, context.withLayout(applied), logs, results, notes);
      }

      boolean checkpointWarned = false;
      int rounds = options.warmup() + options.runs();
      for (int round = 0; round < rounds; round++) {
        boolean warmup = round < options.warmup();
        String label = warmup ? "warm-up " + (round + 1) : "run " + (round - options.warmup() + 1);
        for (Tool tool : rotate(tools, round)) {
          Report.ToolResult result = results.get(tool.name());
          if (result.failure() != null) {
            continue;
          }
          String database =
              AdminDb.PREFIX
                  + tool.name().replace('-', '_')
                  + "_"
                  + (warmup ? "w" + (round + 1) : Integer.toString(round - options.warmup() + 1))
                  + "_"
                  + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
          Path log = logs.resolve(tool.name() + "-" + label.replace(' ', '-') + ".log");
          if (templates.containsKey(tool.name())) {
            admin.createFromTemplate(database, templates.get(tool.name()));
            // The copy goes through shared buffers: flushed now, untimed, or the first checkpoint
            // of the run (DROP DATABASE of a shadow database asks for one) writes it out.
            admin.checkpoint();
          } else {
            admin.create(database);
          }
          currentDatabase = database;
          created.add(database);
          String failure;
          Tool.Outcome outcome;
          try {
            outcome = tool.run(context, database, log);
            failure =
                outcome.exitCode() == Tool.TIMED_OUT
                    ? "timed out"
                    : outcome.exitCode() != 0 ? "exit code " + outcome.exitCode() : null;
            if (failure == null) {
              AdminDb.Verification verification = admin.verify(database, corpus.expectations());
              failure = verification.ok() ? null : "incomplete schema: " + verification.detail();
            }
            if (failure == null && options.status() && tool.statusName() != null) {
              timeStatus(tool, context, database, log, label, warmup, results);
            }
          } finally {
            admin.drop(database);
            currentDatabase = null;
            if (!admin.checkpoint() && !checkpointWarned) {
              checkpointWarned = true;
              notes.add("CHECKPOINT between runs not permitted for this user; expect more noise");
            }
          }
          OUT.printf(
              Locale.ROOT,
              "%-10s %-12s %10.1f ms  %s%n",
              label,
              tool.name(),
              outcome.millis(),
              failure == null ? "ok" : "FAILED (" + failure + ")");
          if (failure != null) {
            failed = true;
            OUT.println("  last lines of " + log + ":");
            tail(log, 25).forEach(line -> OUT.println("  | " + line));
            results.put(
                tool.name(),
                new Report.ToolResult(
                    tool.name(),
                    result.command(),
                    result.millis(),
                    failure + " (log: " + log + ")",
                    null));
          } else if (!warmup) {
            result.millis().add(outcome.millis());
          }
        }
      }
      for (String template : templates.values()) {
        admin.drop(template);
      }
      templates.clear();
      List<String> remaining = new ArrayList<>(admin.leftovers());
      remaining.retainAll(created);
      if (remaining.isEmpty()) {
        notes.add("all " + created.size() + " scratch databases were dropped");
      } else {
        failed = true;
        notes.add("scratch databases NOT dropped: " + String.join(", ", remaining));
      }
    }

    addMethodNotes(notes, corpus, context);
    Report report =
        new Report(
            machine,
            new Report.Setup(
                corpus.migrations().size(),
                corpus.statementCount(),
                corpus.sqlBytes(),
                corpus.seed(),
                options.runs(),
                options.warmup(),
                options.liquibaseSplit().name().toLowerCase(Locale.ROOT),
                options.pending()),
            List.copyOf(results.values()),
            notes);
    report.print(OUT);
    report.writeJson(options.out());
    OUT.println("result written to " + options.out().toAbsolutePath().normalize());
    if (options.keepCorpus() || failed) {
      OUT.println("corpus and logs kept in " + work);
    } else {
      deleteTree(work);
    }
    return failed ? 1 : 0;
  }

  /**
   * Each tool applies the already-applied part of the corpus to a database of its own, once and
   * untimed, so every run can start from a copy holding that tool's own history table.
   */
  private void prepareTemplates(
      AdminDb admin,
      List<Tool> tools,
      Tool.Context context,
      Tool.Context appliedContext,
      Path logs,
      Map<String, Report.ToolResult> results,
      List<String> notes)
      throws SQLException, IOException, InterruptedException {
    int count = appliedContext.layout().psqlFiles().size();
    for (Tool tool : tools) {
      String template =
          AdminDb.PREFIX
              + "template_"
              + tool.name().replace('-', '_')
              + "_"
              + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      admin.create(template);
      templates.put(tool.name(), template);
      Path log = logs.resolve(tool.name() + "-template.log");
      Tool.Outcome outcome = tool.run(appliedContext, template, log);
      OUT.printf(
          Locale.ROOT,
          "%-10s %-12s %10.1f ms  %s%n",
          "template",
          tool.name(),
          outcome.millis(),
          outcome.exitCode() == 0
              ? "ok (" + count + " migrations applied, untimed)"
              : "FAILED (exit code " + outcome.exitCode() + ", log: " + log + ")");
      if (outcome.exitCode() == 0) {
        String note = tool.prepared(context, template, log);
        if (note != null) notes.add(note);
      } else {
        Report.ToolResult r = results.get(tool.name());
        results.put(
            tool.name(),
            new Report.ToolResult(
                tool.name(),
                r.command(),
                r.millis(),
                "applying the first " + count + " migrations failed (log: " + log + ")",
                null));
      }
    }
    OUT.println();
  }

  /** Times the tool's status command on the database it has just deployed. */
  private static void timeStatus(
      Tool tool,
      Tool.Context context,
      String database,
      Path log,
      String label,
      boolean warmup,
      Map<String, Report.ToolResult> results)
      throws IOException, InterruptedException {
    Tool.Outcome outcome = tool.status(context, database, log);
    String failure = outcome.exitCode() == 0 ? null : "exit code " + outcome.exitCode();
    OUT.printf(
        Locale.ROOT,
        "%-10s %-12s %10.1f ms  %s%n",
        label,
        tool.statusName(),
        outcome.millis(),
        failure == null ? "ok" : "FAILED (" + failure + ", log: " + log + ")");
    Report.ToolResult result = results.get(tool.statusName());
    if (failure != null) {
      results.put(
          tool.statusName(),
          new Report.ToolResult(
              tool.statusName(), result.command(), result.millis(), failure, null));
    } else if (!warmup && result.failure() == null) {
      result.millis().add(outcome.millis());
    }
  }

  static Report.Machine machine(AdminDb admin, Path psql) throws SQLException {
    String psqlVersion =
        psql == null
            ? "not found"
            : psql + " (" + firstLine(List.of(psql.toString(), "--version")) + ")";
    return machine(admin.serverVersion(), psqlVersion);
  }

  /** The machine, with the server and psql described by the caller (suites without a server). */
  static Report.Machine machine(String server, String psql) {
    String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name");
    String memory = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
    return new Report.Machine(
        Runtime.getRuntime().availableProcessors(),
        cpu == null ? System.getProperty("os.arch") : cpu,
        memory == null ? "unknown" : gib(memory),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.home")
            + ")",
        server,
        psql);
  }

  private void printHeader(Report.Machine machine, Corpus corpus, Corpus.Layout layout, Path work) {
    OUT.println("strata benchmark");
    OUT.println(
        "  machine : " + machine.cores() + " cores, " + machine.cpu() + ", " + machine.memory());
    OUT.println("  os      : " + machine.os());
    OUT.println("  java    : " + machine.java());
    OUT.println("  server  : " + machine.server());
    OUT.println("  psql    : " + machine.psql());
    int[] sizes =
        corpus.migrations().stream()
            .mapToInt(m -> m.sql().getBytes(StandardCharsets.UTF_8).length)
            .sorted()
            .toArray();
    OUT.printf(
        Locale.ROOT,
        "  corpus  : %d migrations, %d statements, %.0f KiB (median %d B, p90 %d B, max %d B), seed %d%n",
        sizes.length,
        corpus.statementCount(),
        corpus.sqlBytes() / 1024.0,
        sizes[sizes.length / 2],
        sizes[(int) (sizes.length * 0.9)],
        sizes[sizes.length - 1],
        corpus.seed());
    Corpus.Expectations e = corpus.expectations();
    OUT.printf(
        Locale.ROOT,
        "            creates %d tables, %d views, %d functions, %d enums, %d seeded rows%n",
        e.tables().size(),
        e.views().size(),
        e.functions().size(),
        e.enums().size(),
        e.rows());
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

  private void addMethodNotes(List<String> notes, Corpus corpus, Tool.Context context) {
    notes.add(
        "times are wall clock of whole OS processes (JVM start included), database creation and checks excluded");
    if (options.tools().contains("psql") || options.tools().contains("psql-single")) {
      notes.add(
          "psql = one 'psql -1 -f' process per migration from a bash loop; "
              + "psql-single = one psql process, BEGIN/COMMIT around each migration");
    }
    long whole =
        corpus.migrations().stream().filter(m -> !options.liquibaseSplit().splits(m.sql())).count();
    if (options.tools().contains("liquibase")) {
      liquibaseNote(notes, whole, corpus.migrations().size());
    }
    notes.add(
        "JVM tools run as '"
            + context.java()
            + "'; Flyway and Liquibase with default options, strata with the flags its ./strata"
            + " launcher passes ("
            + String.join(" ", StrataLauncher.flags(context.strataJar()))
            + "); liquibase analytics disabled");
  }

  private void liquibaseNote(List<String> notes, long whole, int total) {
    switch (options.liquibaseSplit()) {
      case AUTO ->
          notes.add(
              "liquibase: "
                  + whole
                  + " of "
                  + total
                  + " changesets "
                  + "(those with dollar-quoted bodies) use splitStatements:false, because Liquibase's own splitter "
                  + "cuts $$ bodies apart; the others use splitStatements:true endDelimiter:;");
      case WHOLE ->
          notes.add("liquibase: every changeset uses splitStatements:false (sent as one string)");
      case SPLIT ->
          notes.add(
              "liquibase: every changeset uses splitStatements:true; dollar-quoted bodies will fail");
      default -> throw new IllegalStateException(options.liquibaseSplit().name());
    }
  }

  /** Round r starts at tool r mod n, so no tool always runs first (or right after a heavy one). */
  private static List<Tool> rotate(List<Tool> tools, int round) {
    if (tools.isEmpty()) {
      return tools;
    }
    int shift = round % tools.size();
    List<Tool> order = new ArrayList<>(tools.subList(shift, tools.size()));
    order.addAll(tools.subList(0, shift));
    return order;
  }

  private void dropOnExit(PgServer server) {
    List<String> databases = new ArrayList<>(templates.values());
    if (currentDatabase != null) {
      databases.add(currentDatabase);
    }
    for (String database : databases) {
      try {
        AdminDb.dropWithFreshConnection(server, database);
        System.err.println("dropped " + database);
      } catch (SQLException e) {
        System.err.println("could not drop " + database + ": " + e.getMessage());
      }
    }
  }

  /** "24684084 kB" from /proc/meminfo as "23.5 GiB RAM". */
  private static String gib(String memTotal) {
    try {
      long kib = Long.parseLong(memTotal.replaceAll("[^0-9]", ""));
      return String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return memTotal;
    }
  }

  static List<String> tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }

  private static String firstMatch(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static String firstLine(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return out.lines().findFirst().orElse("");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package dev.strata.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet suite ({@code bench/run fleet}): N tenant databases on one server, a generated history
 * of M migrations, deployed to all of them by {@code strata fleet deploy} at each --parallel, by a
 * shell loop of {@code strata deploy} (what users write today), and by Flyway's API in a loop in
 * one JVM. Wall time and peak RSS (GNU time's largest process) of each; every database checked to
 * hold M history rows afterwards, and emptied before the next tool. See bench/README.md.
 */
final class FleetMain {
  private static final PrintStream OUT = System.out;
  private static final String PREFIX = "bench_fleet_";

  private final FleetOptions options;

  private FleetMain(FleetOptions options) {
    this.options = options;
  }

  static void main(String[] args) {
    Launcher.launch(args, FleetOptions::parse, FleetOptions.USAGE, o -> new FleetMain(o).run());
  }

  /** One timed run: what ran, on how many databases, how long, its largest process's RSS. */
  record Result(String tool, int databases, double seconds, long peakRssKib, String failure) {}

  private int run() throws Exception {
    Path jar = options.strataJar().toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          "error: " + jar + " not found (./mvnw -q -pl cli -am package -DskipTests)");
      return 1;
    }
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      System.err.println("error: GNU time (/usr/bin/time) is needed for the peak RSS");
      return 1;
    }
    PgServer server = PgServer.parse(options.url());
    Path work = Files.createTempDirectory("strata-bench-fleet-");
    Corpus corpus = Corpus.generate(options.migrations(), options.seed());
    Corpus.Layout layout = corpus.write(work.resolve("corpus"), Corpus.LiquibaseSplit.AUTO);
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= options.databases(); i++) names.add(PREFIX + i);
    Path libpq = work.resolve("targets.txt");
    Path jdbc = work.resolve("targets-jdbc.txt");
    Files.write(libpq, names.stream().map(server::libpqUrl).toList());
    Files.write(jdbc, names.stream().map(server::jdbcUrl).toList());
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> strata = new ArrayList<>(List.of(javaBin));
    strata.addAll(StrataLauncher.flags(jar));
    strata.addAll(List.of("-jar", jar.toString()));

    OUT.printf(
        Locale.ROOT,
        "strata fleet benchmark: %d databases, %d migrations (%d statements), server %s:%d%n",
        options.databases(),
        options.migrations(),
        corpus.migrations().stream().mapToInt(Corpus.Migration::statements).sum(),
        server.host(),
        server.port());
    List<Result> results = new ArrayList<>();
    try (Connection admin = connect(server, server.database())) {
      long setup = System.nanoTime();
      for (String name : names) recreate(admin, name);
      OUT.printf(Locale.ROOT, "created %d databases in %.1f s%n%n", names.size(), secs(setup));
      for (String tool : options.tools()) {
        if (tool.equals("strata-fleet")) {
          for (int p : options.parallel()) {
            List<String> command = new ArrayList<>(strata);
            command.addAll(
                List.of(
                    "fleet",
                    "deploy",
                    "--targets",
                    libpq.toString(),
                    "--dir",
                    layout.prismaDir().toString(),
                    "--parallel",
                    Integer.toString(p)));
            results.add(timed("strata fleet --parallel " + p, names.size(), command, work));
            check(server, names, results);
          }
        } else if (tool.equals("strata-loop")) {
          int limit = Math.min(options.loopLimit(), names.size());
          Path some = work.resolve("targets-loop.txt");
          Files.write(some, Files.readAllLines(libpq).subList(0, limit));
          String deploy =
              String.join(" ", strata.stream().map(FleetMain::quoted).toList())
                  + " deploy --dir "
                  + quoted(layout.prismaDir().toString())
                  + " --url \"$url\" >/dev/null || exit 1";
          List<String> command =
              List.of(
                  "bash",
                  "-c",
                  "while read -r url; do " + deploy + "; done < " + quoted(some.toString()));
          results.add(timed("shell loop of strata deploy", limit, command, work));
          check(server, names.subList(0, limit), results);
        } else if (tool.equals("flyway-loop")) {
          int limit = Math.min(options.loopLimit(), names.size());
          Path some = work.resolve("targets-jdbc-loop.txt");
          Files.write(some, Files.readAllLines(jdbc).subList(0, limit));
          List<String> command =
              List.of(
                  javaBin,
                  "-cp",
                  Classpaths.FLYWAY_ONLY.apply(
                      List.of(
                          System.getProperty("java.class.path").split(java.io.File.pathSeparator))),
                  FlywayFleetMain.class.getName(),
                  some.toString(),
                  layout.flywayDir().toString());
          results.add(timed("Flyway API in a loop", limit, command, work));
          check(server, names.subList(0, limit), results);
        }
        for (String name : names) recreate(admin, name);
      }
    } finally {
      try (Connection admin = connect(server, server.database());
          Statement st = admin.createStatement()) {
        for (String name : names) st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
    print(results);
    boolean failed = results.stream().anyMatch(r -> r.failure() != null);
    if (!failed) Main.deleteTree(work);
    else OUT.println("logs kept in " + work);
    return failed ? 1 : 0;
  }

  private Result timed(String tool, int databases, List<String> command, Path work)
      throws IOException, InterruptedException {
    Path log = work.resolve(tool.replaceAll("[^a-z0-9]+", "-") + ".log");
    Path time = work.resolve("time.txt");
    List<String> timedCommand =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", time.toString()));
    timedCommand.addAll(command);
    int exit = Tool.exec(timedCommand, Map.of(), log);
    String[] figures =
        Files.readString(time).strip().lines().reduce((a, b) -> b).orElse("0 0").split(" ");
    double seconds = Double.parseDouble(figures[0]);
    long rss = Long.parseLong(figures[1]);
    String failure = exit == 0 ? null : "exit " + exit + " (log " + log + ")";
    OUT.printf(
        Locale.ROOT,
        "%-30s %5d dbs  %8.1f s  %6.0f MiB  %s%n",
        tool,
        databases,
        seconds,
        rss / 1024.0,
        failure == null ? "ok" : failure);
    return new Result(tool, databases, seconds, rss, failure);
  }

  /** Every database records the whole history, in whichever tool's table; else the run failed. */
  private void check(PgServer server, List<String> names, List<Result> results)
      throws SQLException {
    Result last = results.get(results.size() - 1);
    if (last.failure() != null) return;
    for (String name : names) {
      long applied = applied(server, name);
      if (applied != options.migrations()) {
        results.set(
            results.size() - 1,
            new Result(
                last.tool(),
                last.databases(),
                last.seconds(),
                last.peakRssKib(),
                name + " records " + applied + " of " + options.migrations() + " migrations"));
        return;
      }
    }
  }

  private static long applied(PgServer server, String name) throws SQLException {
    try (Connection c = connect(server, name);
        Statement st = c.createStatement()) {
      for (String table : List.of("_strata_migrations", "_prisma_migrations")) {
        try (ResultSet rs =
            st.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
          rs.next();
          if (!rs.getBoolean(1)) continue;
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM public."
                    + table
                    + " WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")) {
          rs.next();
          return rs.getLong(1);
        }
      }
      try (ResultSet rs =
          st.executeQuery("SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) return 0;
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM public.flyway_schema_history"
                  + " WHERE success AND version IS NOT NULL")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void print(List<Result> results) {
    OUT.println();
    OUT.println(
        "| tool | databases | wall s | per database ms | peak RSS MiB | vs shell loop | vs Flyway loop |");
    OUT.println("|---|---|---|---|---|---|---|");
    Double loop = perDb(results, "shell loop");
    Double flyway = perDb(results, "Flyway");
    for (Result r : results) {
      double per = r.seconds() * 1000 / r.databases();
      OUT.printf(
          Locale.ROOT,
          "| %s | %d | %.1f | %.0f | %.0f | %s | %s |%n",
          r.tool(),
          r.databases(),
          r.seconds(),
          per,
          r.peakRssKib() / 1024.0,
          ratio(per, loop),
          ratio(per, flyway));
    }
    if (results.stream()
        .anyMatch(r -> r.tool().startsWith("shell") && r.databases() < options.databases())) {
      OUT.println(
          "(the loops ran on the first "
              + options.loopLimit()
              + " databases only, --loop-limit; compare per database)");
    }
  }

  private static Double perDb(List<Result> results, String prefix) {
    return results.stream()
        .filter(r -> r.tool().startsWith(prefix) && r.failure() == null)
        .map(r -> r.seconds() * 1000 / r.databases())
        .findFirst()
        .orElse(null);
  }

  private static String ratio(double per, Double base) {
    return base == null ? "—" : String.format(Locale.ROOT, "%.2f×", per / base);
  }

  private static void recreate(Connection admin, String name) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + name);
    }
  }

  private static Connection connect(PgServer server, String database) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(database));
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}

package dev.strata.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The big-file suite ({@code bench/run bigfile}): one migration of N MB of INSERT statements (the
 * shape of a data migration or a seed file: 464,599 INSERTs make 50 MB), deployed into a fresh
 * database by {@code psql -1 -f} and by {@code strata deploy} (its fat jar at {@code -Xmx256m}, the
 * JVM flags of {@code ./strata}), whole processes timed, peak resident memory read by GNU time. The
 * issue's goal: a 20 MB file within 1.2x of {@code psql -1 -f}, memory flat.
 */
final class BigFileMain {
  private static final PrintStream OUT = System.out;
  private static final Path JAR = Path.of("cli/target/strata.jar");
  private static final int ROW_BYTES = 108;

  private final BigFileOptions options;

  private BigFileMain(BigFileOptions options) {
    this.options = options;
  }

  static void main(String[] args) {
    Launcher.launch(
        args, BigFileOptions::parse, BigFileOptions.USAGE, o -> new BigFileMain(o).run());
  }

  /** One way of applying the file: a name and the command for a database. */
  private record Tool(
      String name, java.util.function.BiFunction<Path, String, List<String>> command) {}

  private record Timing(double seconds, long peakKib) {}

  private int run() throws Exception {
    PgServer server = PgServer.parse(options.url());
    Path jar = JAR.toAbsolutePath().normalize();
    Path psql = options.psql();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path work = Files.createTempDirectory("strata-bench-bigfile-");
    List<Tool> tools = new ArrayList<>();
    tools.add(
        new Tool(
            "psql -1 -f",
            (file, db) ->
                List.of(
                    psql.toString(),
                    "-X",
                    "-q",
                    "-1",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-o",
                    "/dev/null",
                    "-f",
                    file.toString(),
                    server.libpqUrl(db))));
    for (String review : options.reviews()) {
      tools.add(
          new Tool(
              "strata deploy" + (review.equals("full") ? "" : " --review " + review),
              (file, db) -> {
                List<String> command = new ArrayList<>();
                command.add(java.toString());
                command.add("-Xmx256m");
                command.addAll(StrataLauncher.flags(jar));
                command.addAll(
                    List.of(
                        "-jar",
                        jar.toString(),
                        "deploy",
                        "--url",
                        server.libpqUrl(db),
                        "--dir",
                        file.getParent().getParent().toString(),
                        "--review",
                        review));
                return command;
              }));
    }
    OUT.println("strata big-file benchmark");
    OUT.println("  server  : " + options.url());
    OUT.println("  runs    : " + options.runs() + " per tool and size, tools alternating");
    OUT.println();
    List<String> rows = new ArrayList<>();
    try (AdminDb admin = new AdminDb(server)) {
      for (int mb : options.sizesMb()) {
        Path file = write(work.resolve(mb + "mb"), mb);
        long statements = Files.lines(file).count();
        OUT.printf(Locale.ROOT, "%d MB file: %,d statements (%s)%n", mb, statements, file);
        List<List<Timing>> timings = new ArrayList<>();
        for (int t = 0; t < tools.size(); t++) timings.add(new ArrayList<>());
        for (int run = 0; run < options.runs(); run++) {
          for (int t = 0; t < tools.size(); t++) {
            String db = AdminDb.PREFIX + "bigfile_" + t;
            admin.create(db);
            try {
              Timing timing = time(tools.get(t).command().apply(file, db), work.resolve("log"));
              long loaded = Long.parseLong(admin.single(db, "SELECT count(*) FROM big_import"));
              if (loaded != statements - 1)
                throw new IllegalStateException(
                    tools.get(t).name() + " loaded " + loaded + " rows, not " + (statements - 1));
              timings.get(t).add(timing);
              OUT.printf(
                  Locale.ROOT,
                  "  run %d %-28s %7.2f s  %6d MiB peak%n",
                  run + 1,
                  tools.get(t).name(),
                  timing.seconds(),
                  timing.peakKib() / 1024);
            } finally {
              admin.drop(db);
            }
          }
        }
        double psqlMedian = median(timings.get(0));
        for (int t = 0; t < tools.size(); t++) {
          double m = median(timings.get(t));
          long peak = timings.get(t).stream().mapToLong(Timing::peakKib).max().orElse(0) / 1024;
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %d MB | %s | %.2f s | %d MiB | %s |",
                  mb,
                  tools.get(t).name(),
                  m,
                  peak,
                  t == 0 ? "" : String.format(Locale.ROOT, "%.2fx", m / psqlMedian)));
        }
      }
    }
    OUT.println();
    OUT.println("| file | tool | median | peak RSS | of psql -1 -f |");
    OUT.println("| --- | --- | --- | --- | --- |");
    rows.forEach(OUT::println);
    Main.deleteTree(work);
    return 0;
  }

  /** A migrations folder with one migration of about {@code mb} MB; returns its file. */
  static Path write(Path dir, int mb) throws IOException {
    Path file = dir.resolve("migrations/20240101000000_import/migration.sql");
    Files.createDirectories(file.getParent());
    long rows = (long) mb * 1_000_000 / ROW_BYTES;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(
          "CREATE TABLE big_import (id bigint PRIMARY KEY, name text NOT NULL, amount numeric,"
              + " note text);\n");
      for (long i = 1; i <= rows; i++) {
        out.write("INSERT INTO big_import (id, name, amount, note) VALUES (");
        out.write(Long.toString(i));
        out.write(", 'customer ");
        out.write(Long.toString(i * 7919 % 100_000));
        out.write("', ");
        out.write(Long.toString(i % 10_000));
        out.write(".25, 'imported from the legacy system');\n");
      }
    }
    return file;
  }

  /** Runs a command under GNU time: wall seconds and peak resident KiB. */
  private static Timing time(List<String> command, Path log) throws Exception {
    Path measured = log.resolveSibling("time.txt");
    List<String> timed =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", measured.toString()));
    timed.addAll(command);
    Process p =
        new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + String.join("\n", Main.tail(log, 20)));
    }
    String[] parts = Files.readString(measured).strip().split("\\s+");
    return new Timing(Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
  }

  private static double median(List<Timing> timings) {
    List<Double> sorted =
        timings.stream().map(Timing::seconds).sorted(Comparator.naturalOrder()).toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

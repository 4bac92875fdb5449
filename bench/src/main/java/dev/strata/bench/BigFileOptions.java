package dev.strata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of the big-file suite ({@code bench/run bigfile [options]}). */
record BigFileOptions(
    List<Integer> sizesMb, int runs, String url, Path psql, List<String> reviews) {

  static final String USAGE =
      """
            usage: bench/run bigfile [options]
              --sizes MB,...      file sizes in MB (default 20,50)
              --runs N            timed runs per tool and size (default 3)
              --reviews LIST      strata's --review modes to time (default off,static,full)
              --url URL           server (default postgresql://postgres@127.0.0.1:5432/postgres)
              --psql PATH         psql (default: the newest /usr/lib/postgresql/*/bin/psql)
              -h, --help          this text

            Deploys one migration of N MB of INSERTs into a fresh database with psql -1 -f and with
            strata deploy (-Xmx256m), whole processes, and prints wall time and peak RSS.
            """;

  static BigFileOptions parse(String[] args) {
    List<Integer> sizes = List.of(20, 50);
    int runs = 3;
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    Path psql = null;
    List<String> reviews = List.of("off", "static", "full");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) throw new Options.UsageException(null);
      String[] kv = arg.split("=", 2);
      String value;
      if (kv.length == 2) {
        value = kv[1];
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new Options.UsageException("missing value for " + arg);
      }
      switch (kv[0]) {
        case "--sizes" -> {
          List<Integer> list = new ArrayList<>();
          for (String s : value.split(",")) list.add(Options.positive("--sizes", s.trim()));
          sizes = List.copyOf(list);
        }
        case "--runs" -> runs = Options.positive("--runs", value);
        case "--url" -> url = value;
        case "--psql" -> psql = Path.of(value);
        case "--reviews" -> reviews = List.of(value.split(","));
        default -> throw new Options.UsageException("unknown option " + kv[0]);
      }
    }
    return new BigFileOptions(sizes, runs, url, psql == null ? Options.findPsql() : psql, reviews);
  }
}

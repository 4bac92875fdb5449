package dev.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Command-line options of {@link Main}; {@code --key value} or {@code --key=value}. */
record Options(
    int migrations,
    int runs,
    int warmup,
    List<String> tools,
    Path strataJar,
    String url,
    boolean keepCorpus,
    long seed,
    Path psql,
    Path out,
    Corpus.LiquibaseSplit liquibaseSplit,
    int pending,
    boolean status) {

  static final List<String> ALL_TOOLS =
      List.of("psql", "psql-single", "flyway", "liquibase", "strata");

  static final String USAGE =
      """
            usage: bench/run [options]            (the deploy suite)
                   bench/run backup [options]     (the backup suite: bench/run backup --help)
                   bench/run schema [options]     (the schema suite: bench/run schema --help)
                   bench/run review [options]     (the review suite: bench/run review --help)
              --migrations N         migrations in the corpus (default 400)
              --pending K            incremental deploy: each tool first applies all but the last K
                                     migrations to a template database (untimed); every run deploys
                                     the K onto a copy of it (psql is given the K files only)
              --status               after each deploy, also time the tool's own report of the
                                     database: strata status, flyway info, liquibase status
              --runs R               timed runs per tool (default 5)
              --warmup W             untimed rounds first, to warm page cache and server (default 1)
              --tools LIST           comma-separated subset of psql,psql-single,flyway,liquibase,strata
                                     (default: all)
              --strata-jar PATH      strata fat jar (default cli/target/strata.jar)
              --url URL              server, libpq style (default postgresql://postgres@127.0.0.1:5432/postgres);
                                     its database is only used to create and drop scratch databases
              --psql PATH            psql binary (default: newest /usr/lib/postgresql/*/bin/psql, else PATH)
              --seed S               corpus seed (default %d)
              --liquibase-split M    auto|whole|split: how changesets are split (default auto, see README)
              --out PATH             JSON result (default bench/target/bench-result.json)
              --keep-corpus          keep the generated migrations and logs
            """
          .formatted(Corpus.DEFAULT_SEED);

  static Options parse(String[] args) {
    int migrations = 400;
    int runs = 5;
    int warmup = 1;
    List<String> tools = ALL_TOOLS;
    Path strataJar = Path.of("cli/target/strata.jar");
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    boolean keepCorpus = false;
    long seed = Corpus.DEFAULT_SEED;
    Path psql = null;
    Path out = Path.of("bench/target/bench-result.json");
    Corpus.LiquibaseSplit split = Corpus.LiquibaseSplit.AUTO;
    int pending = 0;
    boolean status = false;

    List<String> list = arguments(args);
    for (int i = 0; i < list.size(); i++) {
      String option = list.get(i);
      switch (option) {
        case "--keep-corpus" -> keepCorpus = true;
        case "--status" -> status = true;
        case "-h", "--help" -> throw new UsageException(null);
        default -> {
          if (i + 1 >= list.size()) {
            throw new UsageException("missing value for " + option);
          }
          String value = list.get(++i);
          switch (option) {
            case "--migrations" -> migrations = positive(option, value);
            case "--pending" -> pending = nonNegative(option, value);
            case "--runs" -> runs = positive(option, value);
            case "--warmup" -> warmup = nonNegative(option, value);
            case "--tools" -> tools = tools(value);
            case "--strata-jar" -> strataJar = Path.of(value);
            case "--url" -> url = value;
            case "--psql" -> psql = Path.of(value);
            case "--seed" -> seed = Long.parseLong(value);
            case "--out" -> out = Path.of(value);
            case "--liquibase-split" -> split = split(value);
            default -> throw new UsageException("unknown option " + option);
          }
        }
      }
    }
    if (pending >= migrations) {
      throw new UsageException(
          "--pending " + pending + " leaves nothing applied of " + migrations + " migrations");
    }
    return new Options(
        migrations,
        runs,
        warmup,
        tools,
        strataJar,
        url,
        keepCorpus,
        seed,
        psql != null ? psql : findPsql(),
        out,
        split,
        pending,
        status);
  }

  private static List<String> tools(String value) {
    List<String> tools =
        Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    for (String tool : tools) {
      if (!ALL_TOOLS.contains(tool)) {
        throw new UsageException(
            "unknown tool " + tool + "; known: " + String.join(",", ALL_TOOLS));
      }
    }
    if (tools.isEmpty()) {
      throw new UsageException("--tools is empty");
    }
    return tools;
  }

  private static Corpus.LiquibaseSplit split(String value) {
    try {
      return Corpus.LiquibaseSplit.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--liquibase-split must be auto, whole or split");
    }
  }

  /** The arguments with each {@code --key=value} split into {@code --key value}. */
  static List<String> arguments(String[] args) {
    List<String> list = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        list.add(arg.substring(0, arg.indexOf('=')));
        list.add(arg.substring(arg.indexOf('=') + 1));
      } else {
        list.add(arg);
      }
    }
    return list;
  }

  static int positive(String option, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number, got " + value);
    }
    if (n < 1) {
      throw new UsageException(option + " must be at least 1");
    }
    return n;
  }

  private static int nonNegative(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new UsageException(option + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number, got " + value);
    }
  }

  /**
   * Prefers the real binary under /usr/lib/postgresql: on Debian /usr/bin/psql is a Perl wrapper
   * (pg_wrapper) whose start-up would be charged to every psql process.
   */
  static Path findPsql() {
    Path versions = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(versions)) {
      try (var dirs = Files.list(versions)) {
        var best =
            dirs.map(d -> d.resolve("bin/psql"))
                .filter(Files::isExecutable)
                .max((a, b) -> Integer.compare(major(a), major(b)));
        if (best.isPresent()) {
          return best.get();
        }
      } catch (java.io.IOException e) {
        // fall through to PATH
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "psql");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static int major(Path psql) {
    try {
      return Integer.parseInt(psql.getParent().getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Bad command line; the message (null for --help) is shown above the usage text. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}

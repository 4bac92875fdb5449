package dev.strata.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of the schema suite ({@code bench/run schema [options]}); {@code --key
 * value} or {@code --key=value}.
 */
record SchemaOptions(
    int tables,
    int runs,
    int warmup,
    long seed,
    Copy copy,
    String keepSource,
    List<String> tools,
    Path strataJar,
    String strataXmx,
    String url,
    long timeoutMinutes,
    Path out,
    boolean keepLogs) {

  /** How database B is made from the same schema as A. */
  enum Copy {
    /** Built by the same statements in another order: same schema, other OIDs and catalog order. */
    SHUFFLED,
    /** {@code CREATE DATABASE B TEMPLATE A}: a file-level copy, identical down to the OIDs. */
    TEMPLATE
  }

  /** Liquibase first: it is the baseline of the report's ratios. */
  static final List<String> ALL_TOOLS = List.of("liquibase", "strata");

  static final String USAGE =
      """
            usage: bench/run schema [options]
              --tables N             tables in the generated schema (default 2000); columns,
                                     indexes and foreign keys scale with it (10, 3 and 1.5 per table)
              --runs R               timed runs per tool (default 3)
              --warmup W             untimed rounds first (default 1)
              --seed S               generator seed (default %d)
              --copy MODE            how database B is made: shuffled (default; the same statements
                                     in another order) or template (CREATE DATABASE B TEMPLATE A)
              --keep-source NAME     use databases NAME_a and NAME_b and never drop them; generated
                                     (and kept) when missing, reused when they hold this schema
              --tools LIST           comma-separated subset of liquibase,strata (default: both)
              --strata-jar PATH      strata fat jar (default cli/target/strata.jar)
              --strata-xmx SIZE      heap limit of the strata JVM (default 512m)
              --url URL              server, libpq style (default postgresql://postgres@127.0.0.1:5432/postgres);
                                     its database is only used to create and drop databases
              --timeout-minutes M    give up on a tool process after M minutes (default 30)
              --out PATH             JSON result (default bench/target/schema-result.json)
              --keep-logs            keep the tools' output (always kept after a failure)
            """
          .formatted(LargeSchema.DEFAULT_SEED);

  static SchemaOptions parse(String[] args) {
    int tables = 2000;
    int runs = 3;
    int warmup = 1;
    long seed = LargeSchema.DEFAULT_SEED;
    Copy copy = Copy.SHUFFLED;
    String keepSource = null;
    List<String> tools = ALL_TOOLS;
    Path strataJar = Path.of("cli/target/strata.jar");
    String strataXmx = "512m";
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    long timeoutMinutes = 30;
    Path out = Path.of("bench/target/schema-result.json");
    boolean keepLogs = false;

    List<String> list = Options.arguments(args);
    for (int i = 0; i < list.size(); i++) {
      String option = list.get(i);
      switch (option) {
        case "--keep-logs" -> keepLogs = true;
        case "-h", "--help" -> throw new Options.UsageException(null);
        default -> {
          if (i + 1 >= list.size()) {
            throw new Options.UsageException("missing value for " + option);
          }
          String value = list.get(++i);
          switch (option) {
            case "--tables" -> tables = number(option, value, 1, 100_000);
            case "--runs" -> runs = number(option, value, 1, 1000);
            case "--warmup" -> warmup = number(option, value, 0, 1000);
            case "--seed" -> seed = seed(value);
            case "--copy" -> copy = copy(value);
            case "--keep-source" -> keepSource = databaseName(value);
            case "--tools" -> tools = tools(value);
            case "--strata-jar" -> strataJar = Path.of(value);
            case "--strata-xmx" -> strataXmx = xmx(value);
            case "--url" -> url = value;
            case "--timeout-minutes" -> timeoutMinutes = number(option, value, 1, 24 * 60);
            case "--out" -> out = Path.of(value);
            default -> throw new Options.UsageException("unknown option " + option);
          }
        }
      }
    }
    return new SchemaOptions(
        tables,
        runs,
        warmup,
        seed,
        copy,
        keepSource,
        tools,
        strataJar,
        strataXmx,
        url,
        timeoutMinutes,
        out,
        keepLogs);
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
        throw new Options.UsageException(
            "unknown tool " + tool + "; known: " + String.join(",", ALL_TOOLS));
      }
    }
    if (tools.isEmpty()) {
      throw new Options.UsageException("--tools is empty");
    }
    return ALL_TOOLS.stream().filter(tools::contains).toList();
  }

  private static Copy copy(String value) {
    try {
      return Copy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Options.UsageException("--copy must be shuffled or template, got " + value);
    }
  }

  private static String databaseName(String value) {
    // NAME_a and NAME_b end up in SQL and in connection strings: keep them plain and short
    if (!value.matches("[a-z_][a-z0-9_]{0,60}")) {
      throw new Options.UsageException(
          "--keep-source needs a plain lowercase name (letters, digits, _), got " + value);
    }
    return value;
  }

  private static String xmx(String value) {
    if (!value.matches("[0-9]+[kKmMgG]?")) {
      throw new Options.UsageException("--strata-xmx needs a JVM size like 512m, got " + value);
    }
    return value;
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new Options.UsageException("--seed needs a number, got " + value);
    }
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new Options.UsageException(option + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Options.UsageException(option + " needs a number, got " + value);
    }
  }
}

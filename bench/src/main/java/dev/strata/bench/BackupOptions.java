package dev.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of the backup suite ({@code bench/run backup [options]}); {@code --key
 * value} or {@code --key=value}.
 */
record BackupOptions(
    int runs,
    double sizeGb,
    String keepSource,
    List<String> tools,
    Path strataJar,
    Integer strataJobs,
    String strataXmx,
    String url,
    Path pgBin,
    Path workDir,
    Path out,
    boolean keepFiles,
    int tables) {

  /** Every tool is one backup command and the restore that reads its file. */
  static final List<String> ALL_TOOLS =
      List.of("pg-dump-gzip", "pg-dump-fc", "strata-gzip", "strata-zstd");

  static final String USAGE =
      """
            usage: bench/run backup [options]
              --runs R               timed backup + restore rounds per tool (default 3)
              --size-gb G            source size: table data in GiB, pg_database_size before the
                                     indexes are built (default 1.0)
              --tables N             tables in the source (default 6: the shop); above 6, copies
                                     of the shop's tables in schema extra, with their indexes, hold
                                     samples of its rows: a schema of many tables, half the data in
                                     the shop, half in the copies
              --keep-source NAME     use database NAME as the source and never drop it; generated
                                     (and kept) when it does not exist, reused as is when it does
              --tools LIST           comma-separated subset of
                                     pg-dump-gzip,pg-dump-fc,strata-gzip,strata-zstd (default: all)
              --strata-jar PATH      strata fat jar (default cli/target/strata.jar)
              --strata-jobs N        pass --jobs N to strata backup and restore (default: not passed)
              --strata-xmx SIZE      heap limit of the strata JVM (default 256m, the goal)
              --url URL              server, libpq style (default postgresql://postgres@127.0.0.1:5432/postgres);
                                     its database is only used to create and drop databases
              --pg-bin DIR           where pg_dump, pg_restore and psql are (default: newest
                                     /usr/lib/postgresql/*/bin, else PATH)
              --work-dir DIR         where backup files go (default: the system temp folder)
              --out PATH             JSON result (default bench/target/bench-backup-result.json)
              --keep-files           keep the backup files and logs
            """;

  static BackupOptions parse(String[] args) {
    int runs = 3;
    double sizeGb = 1.0;
    int tables = BackupSource.SHOP_TABLES;
    String keepSource = null;
    List<String> tools = ALL_TOOLS;
    Path strataJar = Path.of("cli/target/strata.jar");
    Integer strataJobs = null;
    String strataXmx = "256m";
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    Path pgBin = null;
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
    Path out = Path.of("bench/target/bench-backup-result.json");
    boolean keepFiles = false;

    List<String> list = Options.arguments(args);
    for (int i = 0; i < list.size(); i++) {
      String option = list.get(i);
      switch (option) {
        case "--keep-files" -> keepFiles = true;
        case "-h", "--help" -> throw new Options.UsageException(null);
        default -> {
          if (i + 1 >= list.size()) {
            throw new Options.UsageException("missing value for " + option);
          }
          String value = list.get(++i);
          switch (option) {
            case "--runs" -> runs = Options.positive(option, value);
            case "--size-gb" -> sizeGb = sizeGb(value);
            case "--tables" ->
                tables = Math.max(BackupSource.SHOP_TABLES, Options.positive(option, value));
            case "--keep-source" -> keepSource = databaseName(value);
            case "--tools" -> tools = tools(value);
            case "--strata-jar" -> strataJar = Path.of(value);
            case "--strata-jobs" -> strataJobs = Options.positive(option, value);
            case "--strata-xmx" -> strataXmx = xmx(value);
            case "--url" -> url = value;
            case "--pg-bin" -> pgBin = Path.of(value);
            case "--work-dir" -> workDir = Path.of(value);
            case "--out" -> out = Path.of(value);
            default -> throw new Options.UsageException("unknown option " + option);
          }
        }
      }
    }
    if (pgBin == null) {
      Path psql = Options.findPsql();
      pgBin = psql == null ? null : psql.getParent();
    }
    return new BackupOptions(
        runs,
        sizeGb,
        keepSource,
        tools,
        strataJar,
        strataJobs,
        strataXmx,
        url,
        pgBin,
        workDir,
        out,
        keepFiles,
        tables);
  }

  /** {@code pg_dump}, {@code pg_restore} or {@code psql} from {@link #pgBin}, else from PATH. */
  Path pgTool(String name) {
    if (pgBin != null && Files.isExecutable(pgBin.resolve(name))) {
      return pgBin.resolve(name);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Table data to generate, in bytes. */
  long targetBytes() {
    return (long) (sizeGb * 1024 * 1024 * 1024);
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
    // always in the canonical order, so the report's rows do not depend on the command line
    return ALL_TOOLS.stream().filter(tools::contains).toList();
  }

  private static double sizeGb(String value) {
    try {
      double gb = Double.parseDouble(value);
      if (!(gb > 0) || gb > 1024) {
        throw new Options.UsageException("--size-gb must be above 0 (and sane), got " + value);
      }
      return gb;
    } catch (NumberFormatException e) {
      throw new Options.UsageException("--size-gb needs a number, got " + value);
    }
  }

  private static String databaseName(String value) {
    // the name ends up in SQL (quoted) and in pg_dump's connection string: keep it plain
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new Options.UsageException(
          "--keep-source needs a plain database name (letters, digits, _), got " + value);
    }
    return value;
  }

  private static String xmx(String value) {
    if (!value.matches("[0-9]+[kKmMgG]?")) {
      throw new Options.UsageException("--strata-xmx needs a JVM size like 256m, got " + value);
    }
    return value;
  }
}

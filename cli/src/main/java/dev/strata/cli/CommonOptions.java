package dev.strata.cli;

import dev.strata.core.Strata;
import dev.strata.core.StrataBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that talks to a database takes. */
public final class CommonOptions {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Database URL, such as postgresql://user:pass@host/db, mysql://user:pass@host/db,"
              + " mariadb://… or their jdbc: forms."
              + " Default: DATABASE_URL, then DATABASE_URL in .env, then the embedded PostgreSQL"
              + " in .strata.")
  String url;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Migrations folder. Default: migrations, else prisma/migrations (in the working directory).")
  Path dir;

  @Option(
      names = "--history-table",
      paramLabel = "[SCHEMA.]TABLE",
      description =
          "History table. Default: _prisma_migrations if the database has it, else _strata_migrations.")
  String historyTable;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Give up connecting after this many seconds (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSeconds;

  @Option(
      names = "--shadow-url",
      paramLabel = "URL",
      description =
          "Server to build shadow databases on, for the review, drift, diff and dev (its user"
              + " needs CREATEDB). Default: STRATA_SHADOW_URL, else the target's own server when"
              + " its user may create databases, else the embedded PostgreSQL.")
  String shadowUrl;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Option(
      names = {"-C", "--directory"},
      paramLabel = "DIR",
      description =
          "Run as if started in DIR, where .env, .strata and the migrations folder are looked up.")
  Path workingDir;

  @Option(
      names = "--placeholder",
      paramLabel = "KEY=VALUE",
      description =
          "Replace $${KEY} by VALUE in the migrations' text (not in their checksums); repeatable."
              + " Only the keys given are replaced: any other $${...} stays as written."
              + " STRATA_PLACEHOLDER_KEY in the environment or .env gives one too.")
  java.util.List<String> placeholders = new java.util.ArrayList<>();

  Strata strata(Console console, Duration lockWait) {
    return strata(console, lockWait, url);
  }

  /** For one database of a fleet: these options, with its URL. */
  Strata strata(Console console, Duration lockWait, String url) {
    StrataBuilder builder =
        Strata.configure()
            .url(url)
            .dir(dir)
            .historyTable(historyTable)
            .lockWait(lockWait)
            .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
            .environment(console.environment());
    if (shadowUrl != null) builder.shadowUrl(shadowUrl);
    for (String option : placeholders) {
      Map.Entry<String, String> entry;
      try {
        entry = dev.strata.core.source.Placeholders.parse(option);
      } catch (IllegalArgumentException e) {
        throw new dev.strata.core.StrataException(
            dev.strata.core.ExitCode.USAGE, e.getMessage() + ".");
      }
      builder.placeholder(entry.getKey(), entry.getValue());
    }
    if (workingDir != null) builder.workingDir(workingDir);
    return builder.load();
  }

  Strata strata(Console console) {
    return strata(console, Duration.ofSeconds(60));
  }
}

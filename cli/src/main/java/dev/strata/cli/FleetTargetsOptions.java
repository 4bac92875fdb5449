package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.fleet.FleetOptions;
import dev.strata.core.fleet.FleetTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which databases a fleet command works on, and how many at once. */
final class FleetTargetsOptions {
  @Option(
      names = "--targets",
      paramLabel = "FILE",
      description =
          "Database URLs, one per line; blank lines and # comments are skipped. `-` reads them"
              + " from standard input.")
  String targetsFile;

  @Option(
      names = "--targets-sql",
      paramLabel = "QUERY",
      description =
          "A query whose first column gives the URLs, run on --url (e.g. \"SELECT url FROM"
              + " tenants WHERE active\").")
  String targetsSql;

  @Option(
      names = "--schemas",
      paramLabel = "PATTERN",
      description =
          "Every schema of the database --url names whose name matches PATTERN, as SQL's LIKE"
              + " matches (e.g. 'tenant_%%'), each a target with its own history and lock. On"
              + " MySQL, the databases on --url's server.")
  String schemas;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Targets worked on at once (default: 4 per core, at least 2).")
  Integer parallel;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description =
          "Take the I-th of N equal shares of the targets (by a hash of each URL), so N machines"
              + " (a Kubernetes Indexed Job, a CI matrix) run the fleet between them.")
  String shard;

  List<String> targets(Console console, CommonOptions common) {
    int given =
        (targetsFile == null ? 0 : 1) + (targetsSql == null ? 0 : 1) + (schemas == null ? 0 : 1);
    if (given != 1) {
      throw new StrataException(
          ExitCode.USAGE,
          "Name the fleet's targets with one of --targets FILE (one URL per line), --targets-sql"
              + " QUERY (run on --url) or --schemas PATTERN (schemas of --url's database).");
    }
    List<String> urls;
    if (targetsFile != null) {
      urls = FleetTargets.parse(read(console, common), targetsFile);
    } else if (targetsSql != null) {
      requireUrl(console, common, "--targets-sql runs on the database --url names: give --url.");
      List<String> rows = common.strata(console).firstColumn(targetsSql);
      urls = FleetTargets.parse(String.join("\n", rows), "--targets-sql");
    } else {
      requireUrl(
          console, common, "--schemas lists the schemas of the database --url names: give --url.");
      urls = common.strata(console).schemaTargets(schemas);
      if (urls.isEmpty()) {
        throw new StrataException(
            ExitCode.USAGE,
            "No schema matches --schemas '"
                + schemas
                + "' on that database. The pattern is SQL's LIKE: % for any text, _ for one"
                + " character (tenant_% matches tenant_1, tenant_acme).");
      }
    }
    if (shard != null) urls = FleetTargets.shard(urls, FleetTargets.Shard.parse(shard));
    return urls;
  }

  private static void requireUrl(Console console, CommonOptions common, String message) {
    if (common.url == null && console.environment().get("DATABASE_URL") == null) {
      throw new StrataException(ExitCode.USAGE, message);
    }
  }

  private String read(Console console, CommonOptions common) {
    try {
      if (targetsFile.equals("-")) return new String(System.in.readAllBytes());
      Path file = Path.of(targetsFile);
      if (!file.isAbsolute() && common.workingDir != null) file = common.workingDir.resolve(file);
      return Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StrataException(
          ExitCode.USAGE,
          "--targets "
              + targetsFile
              + ": no such file. Give a file with one database URL per line.");
    } catch (IOException e) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot read --targets " + targetsFile + ": " + e.getMessage() + ".");
    }
  }

  int parallel() {
    return parallel == null ? FleetOptions.defaultParallel() : parallel;
  }
}

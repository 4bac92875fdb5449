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
    if ((targetsFile == null) == (targetsSql == null)) {
      throw new StrataException(
          ExitCode.USAGE,
          "Name the fleet's databases with --targets FILE (one URL per line) or --targets-sql"
              + " QUERY (run on --url), one of the two.");
    }
    List<String> urls;
    if (targetsFile != null) {
      urls = FleetTargets.parse(read(console, common), targetsFile);
    } else {
      if (common.url == null && console.environment().get("DATABASE_URL") == null) {
        throw new StrataException(
            ExitCode.USAGE, "--targets-sql runs on the database --url names: give --url.");
      }
      List<String> rows = common.strata(console).firstColumn(targetsSql);
      urls = FleetTargets.parse(String.join("\n", rows), "--targets-sql");
    }
    if (shard != null) urls = FleetTargets.shard(urls, FleetTargets.Shard.parse(shard));
    return urls;
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

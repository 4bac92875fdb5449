package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.Durations;
import dev.strata.core.review.Level;
import dev.strata.core.review.ReviewReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata review}: the guide's migration review, with hazards observed on a real run. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Review the pending migrations (or the named ones) before they are applied.",
      "Rules on their text, then each one run on a shadow database that holds the target's live"
          + " schema, reading the locks it took, the tables it rewrote and the data it removed.",
      "Answers the guide's questions per migration: idempotent? backward compatible? reversible?"
          + " locks? data at risk?",
      "Exit 0 when no error-level finding, 4 otherwise. deploy and production run the same review"
          + " first and stop on an error unless --allow-hazards names it."
    })
final class ReviewCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Parameters(
      arity = "0..*",
      paramLabel = "NAME",
      description = "Pending migrations to review (default: all pending).")
  List<String> names = List.of();

  @Option(
      names = "--static",
      description = "Text rules only: do not run the migrations on a shadow database.")
  boolean staticOnly;

  @Option(
      names = "--with-data",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Copy up to N rows of each table from the database into the shadow database first, so"
              + " rewrites and timings are observed on real rows.")
  int withData;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description = "Observe with the lock_timeout deploy will use (deploy --lock-timeout).")
  String lockTimeout;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the review as a self-contained web page.")
  Path html;

  @Option(
      names = "--statements",
      description = "List every observed statement with its time and locks.")
  boolean statements;

  @Override
  public Integer call() {
    if (withData < 0) {
      throw new StrataException(ExitCode.USAGE, "--with-data must be 0 or more rows.");
    }
    var strata = common.strata(console);
    ReviewReport report =
        strata.review(names, !staticOnly, withData, Durations.parse("--lock-timeout", lockTimeout));
    if (html != null) writeHtml(strata.settings().workingDir().resolve(html), report, strata);
    if (common.json) {
      Json.write(console.out(), g -> ReviewJson.write(g, report));
    } else {
      ReviewText.print(console.out(), report, statements);
      if (html != null) console.out().println("Wrote " + html + ".");
    }
    console.out().flush();
    return report.count(Level.ERROR) > 0 ? ExitCode.NEEDS_ATTENTION.code() : 0;
  }

  private void writeHtml(Path file, ReviewReport report, dev.strata.core.Strata strata) {
    String title = "Migration review: " + strata.settings().dir().toAbsolutePath().normalize();
    try {
      Files.writeString(file, ReviewHtml.render(report, title), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StrataException(ExitCode.FAILED, "Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.strata.cli;

import dev.strata.core.review.ReviewPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How deploy and production review what they are about to apply. */
public final class ReviewOptions {
  @Option(
      names = "--review",
      paramLabel = "auto|full|static|off",
      defaultValue = "auto",
      description =
          "Review the pending migrations first (default: ${DEFAULT-VALUE}). auto reads their text,"
              + " and runs them on a shadow database to observe locks, rewrites and data loss from"
              + " the first one that names a table the database has; full observes every one;"
              + " static reads their text only; off skips the review.")
  String review;

  @Option(
      names = "--allow-hazards",
      paramLabel = "CODE,...",
      split = ",",
      description =
          "Error-level review findings to accept, by code (e.g. drop-column,data-loss). Others still"
              + " stop the deploy.")
  List<String> allowHazards = List.of();

  @Option(
      names = "--with-data",
      paramLabel = "N",
      defaultValue = "0",
      description = "Copy up to N rows per table into the shadow database before observing.")
  int withData;

  ReviewPolicy policy() {
    ReviewPolicy.Mode mode =
        switch (review.toLowerCase(java.util.Locale.ROOT)) {
          case "auto" -> ReviewPolicy.Mode.AUTO;
          case "full" -> ReviewPolicy.Mode.FULL;
          case "static" -> ReviewPolicy.Mode.STATIC;
          case "off" -> ReviewPolicy.Mode.OFF;
          default ->
              throw new dev.strata.core.StrataException(
                  dev.strata.core.ExitCode.USAGE,
                  "--review must be auto, full, static or off, not `" + review + "`.");
        };
    if (withData < 0) {
      throw new dev.strata.core.StrataException(
          dev.strata.core.ExitCode.USAGE, "--with-data must be 0 or more rows.");
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (String code : allowHazards) {
      if (!code.isBlank()) allowed.add(code.strip());
    }
    return new ReviewPolicy(mode, allowed, withData);
  }
}

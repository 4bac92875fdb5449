package dev.strata.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strata baseline}: record the migrations a database predates, after checking its schema.
 */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "Record migrations as applied without running them, for a database that predates them (its"
          + " schema made by hand or by another tool), as Flyway's baseline and Prisma's"
          + " baselining guide do.",
      "The live schema is checked first against what those migrations build on a shadow"
          + " database; any difference is listed and nothing is recorded. In Flyway's history"
          + " table this writes Flyway's own baseline row; in Prisma's, one row per migration.",
      "Refused when the database already has a history."
    })
final class BaselineCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(
      names = "--version",
      paramLabel = "V",
      description =
          "The last migration the database already holds: a Flyway version (3, 1.2) or a"
              + " migration's name. Default: every migration in the folder. A Flyway version below"
              + " every file (Flyway's usual 1, with migrations from V2 on) covers none: the"
              + " schema is taken as it is.")
  String version;

  @Option(
      names = "--accept-differences",
      description = "Record the baseline even when the live schema differs from what they build.")
  boolean acceptDifferences;

  @Override
  public Integer call() {
    var result = common.strata(console).baseline(Optional.ofNullable(version), acceptDifferences);
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("database", result.database());
            g.writeStringField("historyTable", result.table().toString());
            g.writeStringField("baseline", result.upTo());
            g.writeBooleanField("flywayBaselineRow", result.flywayRow());
            g.writeArrayFieldStart("migrations");
            for (String name : result.covered()) g.writeString(name);
            g.writeEndArray();
            SchemaJson.changes(g, "differences", result.differences());
            g.writeEndObject();
          });
    } else {
      var out = console.out();
      out.println(
          "Baselined "
              + result.database()
              + " at "
              + result.upTo()
              + ": "
              + result.covered().size()
              + " migration(s) recorded as applied without running them"
              + (result.flywayRow() ? " (Flyway's baseline row in " + result.table() + ")" : "")
              + ".");
      if (!result.differences().isEmpty()) {
        out.println(
            "The live schema differs from what they build in "
                + result.differences().changes().size()
                + " place(s), accepted with --accept-differences; `strata status` reports it as"
                + " drift.");
      }
    }
    return 0;
  }
}

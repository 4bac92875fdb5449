package dev.strata.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code strata new NAME}: create an empty migration. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Create an empty migration in the migrations folder: <timestamp>_<name>/migration.sql,"
            + " or V<n>__<name>.sql in a Flyway folder.")
final class NewCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "NAME",
      description = "What the migration does, e.g. add_user_preferences.")
  String name;

  @Override
  public Integer call() {
    Path created = common.strata(console).newMigration(name);
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("created", created.toString());
            g.writeEndObject();
          });
    } else {
      console.out().println("Created " + created);
    }
    console.out().flush();
    return 0;
  }
}

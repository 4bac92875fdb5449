package dev.strata.cli;

import dev.strata.core.schema.DevResult;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata dev --name NAME}: a new migration from an edit to the schema file. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Write the migration the schema file asks for, and apply it to the development database.",
      "The migration turns the schema the migrations build into the one in the schema file, with"
          + " a down.sql that reverses it. Indexes on existing tables are built CONCURRENTLY in a"
          + " migration of their own; new enum values go in one before. Changes that can lose data"
          + " need --allow-data-loss.",
      "Nothing to do: says so and writes nothing."
    })
final class DevCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Migration name.")
  String name;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "The desired schema. Default: schema.sql beside the migrations folder.")
  Path schema;

  @Option(
      names = "--allow-data-loss",
      description = "Write the migration even when it drops tables or columns or narrows types.")
  boolean allowDataLoss;

  @Option(names = "--create-only", description = "Write the migration(s) without applying them.")
  boolean createOnly;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    DevResult result = strata.dev(name, Optional.ofNullable(schema), allowDataLoss, !createOnly);
    var comparison = result.comparison();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("schema", result.schemaFile().toString());
            g.writeArrayFieldStart("written");
            for (Path p : result.written()) g.writeString(p.toString());
            g.writeEndArray();
            g.writeNumberField("applied", result.applied());
            SchemaJson.changes(g, "changes", comparison);
            g.writeEndObject();
          });
      return 0;
    }
    var out = console.out();
    if (result.written().isEmpty()) {
      out.println(
          "Nothing to do: the migrations already build the schema in "
              + Paths.display(result.schemaFile())
              + ". No migration written.");
      out.flush();
      return 0;
    }
    out.println(comparison.changes().size() + " change(s):");
    SchemaJson.words(out, comparison);
    out.println();
    for (Path p : result.written()) out.println("Wrote " + Paths.display(p));
    if (createOnly) out.println("Not applied (--create-only); `strata deploy` applies them.");
    else out.println("Applied " + result.applied() + " migration(s) to the development database.");
    out.flush();
    return 0;
  }
}

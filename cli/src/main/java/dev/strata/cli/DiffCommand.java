package dev.strata.cli;

import dev.strata.core.schema.DiffResult;
import dev.strata.core.schema.SchemaSource;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code strata diff FROM TO}: the SQL that turns one schema into another. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Print the SQL that turns schema FROM into schema TO.",
      "Each side is a database URL, a migrations folder (built in a shadow database) or a .sql"
          + " schema file (run in a shadow database).",
      "Exit 0 whether or not they differ; --json gives the structured changes."
    })
final class DiffCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      paramLabel = "FROM",
      description = "URL, migrations folder or .sql file.")
  String from;

  @Parameters(index = "1", paramLabel = "TO", description = "URL, migrations folder or .sql file.")
  String to;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    Path cwd = strata.settings().workingDir();
    DiffResult result = strata.diff(SchemaSource.parse(from, cwd), SchemaSource.parse(to, cwd));
    var comparison = result.comparison();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("from", result.from().toString());
            g.writeStringField("to", result.to().toString());
            g.writeNumberField("fromObjects", result.fromObjects());
            g.writeNumberField("toObjects", result.toObjects());
            g.writeBooleanField("identical", comparison.isEmpty());
            g.writeNumberField("destructive", comparison.destructive().size());
            SchemaJson.changes(g, "changes", comparison);
            g.writeStringField("sql", comparison.sql());
            g.writeObjectFieldStart("timings");
            g.writeNumberField("readFromMillis", result.readFromMillis());
            g.writeNumberField("readToMillis", result.readToMillis());
            g.writeNumberField("diffMillis", result.diffMillis());
            g.writeEndObject();
            g.writeEndObject();
          });
      return 0;
    }
    var out = console.out();
    if (comparison.isEmpty()) {
      out.println(
          "-- No differences: "
              + result.from()
              + " and "
              + result.to()
              + " have the same schema ("
              + result.toObjects()
              + " objects).");
    } else {
      out.println(
          "-- "
              + comparison.changes().size()
              + " change(s) turn "
              + result.from()
              + " into "
              + result.to()
              + (comparison.destructive().isEmpty()
                  ? "."
                  : "; " + comparison.destructive().size() + " can lose data (DESTRUCTIVE)."));
      out.println();
      out.print(comparison.sql());
    }
    out.flush();
    return 0;
  }
}

package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata pull}: the live schema as one SQL file. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Write the live schema as one ordered SQL file.",
      "The file rebuilds the schema in an empty database (owners, privileges and the history"
          + " table left out). Prints it, or writes it to --output."
    })
final class PullCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write to FILE instead of printing.")
  Path output;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    var schema = strata.pull();
    String sql = schema.script();
    Path file = output == null ? null : strata.settings().workingDir().resolve(output);
    if (file != null) {
      try {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, sql, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new StrataException(
            ExitCode.FAILED, "Cannot write " + file + ": " + e.getMessage(), e);
      }
    }
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeNumberField("objects", schema.objectCount());
            if (file != null) g.writeStringField("output", file.toString());
            else g.writeStringField("sql", sql.toString());
            g.writeEndObject();
          });
    } else if (file != null) {
      console
          .out()
          .println("Wrote " + schema.objectCount() + " objects to " + Paths.display(file) + ".");
    } else {
      console.out().print(sql);
    }
    console.out().flush();
    return 0;
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's quickstart command exactly as written, with the real {@code ./strata} launcher
 * and the packaged jar, in a copy of the repository's files, on the embedded PostgreSQL of a fresh
 * machine (no DATABASE_URL, no .strata/). Runs after {@code package}.
 */
class ReadmeQuickstartIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path fresh;

  static String quickstartCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher section = Pattern.compile("## Quickstart(.*?)\\n## ", Pattern.DOTALL).matcher(readme);
    assertThat(section.find()).as("README has a Quickstart section").isTrue();
    Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section.group(1));
    assertThat(block.find()).as("Quickstart has a bash block").isTrue();
    return block.group(1).strip();
  }

  @Test
  void quickstartMainCommandRunsOnAFreshMachine() throws Exception {
    String command = quickstartCommand();
    assertThat(command).startsWith("./strata ");
    Files.copy(ROOT.resolve("strata"), fresh.resolve("strata"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(fresh.resolve("cli/target"));
    Files.copy(ROOT.resolve("cli/target/strata.jar"), fresh.resolve("cli/target/strata.jar"));
    copyTree(ROOT.resolve("examples"), fresh.resolve("examples"));

    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(fresh.toFile())
            .redirectErrorStream(true);
    builder.environment().remove("DATABASE_URL");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("=== Migration Process Completed Successfully ===")
        .contains("Backup created successfully");
    assertThat(fresh.resolve(".strata/postgres/PG_VERSION")).exists();

    // The second run finds the data kept under .strata/ and has nothing to do.
    Process again =
        new ProcessBuilder("bash", "-c", command)
            .directory(fresh.toFile())
            .redirectErrorStream(true)
            .start();
    String second = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).as(second).isZero();
    assertThat(second).contains("Database schema is up to date.");
  }

  @Test
  void readmeTestCommandIsTheOneCiRuns() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
    assertThat(readme).contains("./mvnw verify");
    assertThat(ci).contains("./mvnw -B verify");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) Files.createDirectories(target);
        else Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}

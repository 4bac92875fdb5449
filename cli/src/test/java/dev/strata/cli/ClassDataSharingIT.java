package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The class-data sharing archive the build leaves beside the jar: usable by the JVM that built it,
 * and used by {@code ./strata} without a word about it. Runs after {@code package}.
 */
class ClassDataSharingIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path JAR = ROOT.resolve("cli/target/strata.jar");
  private static final Path ARCHIVE = ROOT.resolve("cli/target/strata.jsa");

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void theArchiveIsBuiltWithTheJarAndMapsItsClasses() throws Exception {
    assertThat(ARCHIVE).isRegularFile();
    assertThat(Files.getLastModifiedTime(ARCHIVE)).isGreaterThan(Files.getLastModifiedTime(JAR));
    // -Xshare:on refuses to start when the archive cannot be used; class+load logs where each
    // class came from.
    Run run =
        run(
            List.of(
                java(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + ARCHIVE,
                "-Xlog:class+load=info",
                "-jar",
                JAR.toString(),
                "--version"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .containsPattern("dev\\.strata\\.cli\\.Main source: shared objects file")
        .contains("strata ");
  }

  @Test
  void theLauncherUsesItSilently() throws Exception {
    Run run = run(List.of("bash", ROOT.resolve("strata").toString(), "--version"));
    assertThat(run.exit()).as(run.output()).isZero();
    // (It may say first that it builds the jar, when a source is newer than the jar.)
    assertThat(run.output())
        .containsPattern("(?m)^strata \\S+$")
        .doesNotContainIgnoringCase("cds")
        .doesNotContainIgnoringCase("shared archive")
        .doesNotContainIgnoringCase("warning");
  }
}

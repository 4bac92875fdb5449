package dev.strata.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application of {@code src/it/boot-app}, packaged by Spring Boot's Maven plugin as an
 * executable jar (migrations inside {@code BOOT-INF/classes}, the starter a jar inside the jar) and
 * started with {@code java -jar}, once per Spring Boot version the invoker built it with.
 */
class PackagedApplicationIT {
  private static final Path BUILT = Path.of("target/it/boot-app/target");
  private final TestServer server = TestServers.all().get(0);

  @ParameterizedTest
  @ValueSource(strings = {"3.5.7", "4.0.7"})
  void theJarDeploysItsMigrationsBeforeItsRunner(String bootVersion) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Run run = start(bootVersion, db);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("notes: [hello, from a packaged jar]");
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isEqualTo("2");
      assertThat(
              db.single(
                  "SELECT indisvalid FROM pg_index WHERE indexrelid = 'notes_body'::regclass"))
          .isEqualTo("t");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.5.7", "4.0.7"})
  void aFailingMigrationStopsTheJarWithStratasMessage(String bootVersion) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Run run = start(bootVersion, db, "--strata.locations=classpath:broken");
      assertThat(run.exitCode()).as(run.output()).isNotZero();
      assertThat(run.output())
          .contains("V1__broken")
          .contains("missing_column")
          .doesNotContain("notes: [");
      // The failed migration's transaction was rolled back whole: no table, a failed row.
      assertThat(db.single("SELECT to_regclass('notes') IS NULL")).isEqualTo("t");
    }
  }

  private record Run(int exitCode, String output) {}

  private Run start(String bootVersion, TestDatabase db, String... extra)
      throws IOException, InterruptedException {
    Path jar = BUILT.resolve("app-" + bootVersion + ".jar");
    assertThat(jar).as("built by the maven-invoker-plugin").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.add("--spring.datasource.url=" + server.jdbcUrl(db.name()));
    command.add("--spring.datasource.username=" + server.user());
    command.addAll(List.of(extra));
    Path log = Files.createTempFile("boot-app-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the application did not stop: " + Files.readString(log));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}

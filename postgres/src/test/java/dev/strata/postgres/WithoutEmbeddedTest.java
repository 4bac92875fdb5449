package dev.strata.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.Strata;
import dev.strata.core.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library user with the dialect but without strata-embedded: no URL is an error that says why.
 */
class WithoutEmbeddedTest {
  @Test
  void noUrlNamesTheArtifactThatWouldStartADatabase(@TempDir Path project) throws Exception {
    Path dir = Files.createDirectories(project.resolve("migrations/20240101000000_init"));
    Files.writeString(dir.resolve("migration.sql"), "CREATE TABLE t (id int);\n");
    assertThatThrownBy(
            () ->
                Strata.configure()
                    .workingDir(project)
                    .dir(project.resolve("migrations"))
                    .environment(Map.of())
                    .load()
                    .status())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("dev.strata:strata-embedded")
        .hasMessageContaining("--url");
  }
}

package dev.strata.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlsTest {
  @TempDir Path dir;

  @Test
  void passwordsAreMaskedInEveryForm() {
    assertThat(DatabaseUrls.mask("postgresql://app:s3cr%40t@db:5432/app?schema=x"))
        .isEqualTo("postgresql://app:****@db:5432/app?schema=x");
    assertThat(DatabaseUrls.mask("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/app?user=app&password=****&ssl=true");
    assertThat(DatabaseUrls.mask("postgresql://app@db/app")).isEqualTo("postgresql://app@db/app");
  }

  @Test
  void scrubRemovesThePasswordFromAnyMessage() {
    String url = "postgresql://app:s3cr%40t@db/app";
    assertThat(DatabaseUrls.scrub("failed for s3cr@t and s3cr%40t at " + url, url))
        .doesNotContain("s3cr");
  }

  @Test
  void flagBeatsEnvironmentBeatsDotEnvBeatsEmbedded() throws Exception {
    Files.writeString(
        dir.resolve(".env"), "# comment\nexport DATABASE_URL=\"postgresql://file@db/app\"\n");
    assertThat(
            DatabaseTarget.resolve(
                    Optional.of("postgresql://flag@db/app"), Map.of("DATABASE_URL", "x"), dir)
                .url())
        .contains("postgresql://flag@db/app");
    assertThat(
            DatabaseTarget.resolve(
                    Optional.empty(), Map.of("DATABASE_URL", "postgresql://env@db/app"), dir)
                .url())
        .contains("postgresql://env@db/app");
    assertThat(DatabaseTarget.resolve(Optional.empty(), Map.of(), dir).url())
        .contains("postgresql://file@db/app");
    Files.delete(dir.resolve(".env"));
    assertThat(DatabaseTarget.resolve(Optional.empty(), Map.of(), dir).embedded()).isTrue();
  }

  @Test
  void aSchemaParameterReplacesTheOneThereAndKeepsTheRest() {
    assertThat(
            DatabaseUrls.withParameter(
                "postgresql://u:p@h/db?sslmode=require&schema=old&currentSchema=x",
                "schema",
                "tenant 1",
                java.util.Set.of("currentSchema")))
        .isEqualTo("postgresql://u:p@h/db?sslmode=require&schema=tenant%201");
    assertThat(
            DatabaseUrls.withParameter(
                "jdbc:postgresql://h/db", "schema", "t_1", java.util.Set.of()))
        .isEqualTo("jdbc:postgresql://h/db?schema=t_1");
  }

  @Test
  void anotherDatabaseOfTheSameServerKeepsCredentialsAndParameters() {
    assertThat(DatabaseUrls.withPath("mysql://u:p%40ss@h:3306/app?sslMode=trust", "tenant_2"))
        .isEqualTo("mysql://u:p%40ss@h:3306/tenant_2?sslMode=trust");
    assertThat(DatabaseUrls.withPath("jdbc:mariadb://h/app", "t")).isEqualTo("jdbc:mariadb://h/t");
    assertThat(DatabaseUrls.withPath("mysql://h:3306", "t")).isEqualTo("mysql://h:3306/t");
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.StrataException;
import dev.strata.core.plan.MigrationState;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library as an application embeds it: a pooled DataSource, migrations inside a jar. */
class JavaApiTest {
  @TempDir Path work;

  /** A jar holding {@code files} (path inside the jar to content), as an application ships. */
  private Path jar(Map<String, String> files) throws IOException {
    Path jar = work.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // Folder entries first, as Maven's and Gradle's jars have them.
      for (String folder : new String[] {"db/", "db/migrations/", "db/other/"}) {
        out.putNextEntry(new JarEntry(folder));
        out.closeEntry();
      }
      for (var file : new java.util.TreeMap<>(files).entrySet()) {
        out.putNextEntry(new JarEntry(file.getKey()));
        out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static HikariDataSource pool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.server().jdbcUrl(db.name()));
    config.setUsername(db.server().user());
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  @Test
  void deploysFromAJarOnTheClassPathThroughAPooledDataSource() throws Exception {
    Path jar =
        jar(
            Map.of(
                "db/migrations/V1__create_notes.sql", "CREATE TABLE notes (id int, body text);\n",
                "db/migrations/V2__index_body.sql",
                    "CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n",
                "db/migrations/R__note_view.sql",
                    "CREATE OR REPLACE VIEW note_bodies AS SELECT body FROM notes;\n"));
    TestServer server = TestServers.all().get(0);
    try (TestDatabase db = server.createDatabase();
        HikariDataSource pool = pool(db);
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Strata strata =
          Strata.configure()
              .dataSource(pool)
              .locations("classpath:db/migrations")
              .classLoader(loader)
              .workingDir(work)
              .load();
      var result = strata.deploy();
      assertThat(result.applied())
          .extracting(a -> a.name())
          .containsExactly("V1__create_notes", "V2__index_body", "R__note_view");
      assertThat(strata.status().migrations()).allMatch(s -> s.state() == MigrationState.APPLIED);
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isEqualTo("3");
      // The pool is the application's: Strata returned what it borrowed to find the database.
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }

  @Test
  void aClassPathLocationThatIsNotThereSaysSo() {
    assertThatThrownBy(
            () ->
                Strata.configure()
                    .url("postgresql://nobody@127.0.0.1:1/none")
                    .locations("classpath:db/nowhere")
                    .load())
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("classpath:db/nowhere is not on the class path")
        .matches(e -> ((StrataException) e).exitCode() == ExitCode.USAGE);
  }

  @Test
  void readsMigrationsFromAJarOnlyItsOwnUrlHandlerCanOpen() throws Exception {
    // As in a Spring Boot executable jar, where db/migrations is in a jar inside the jar.
    Path jar =
        jar(
            Map.of(
                "db/migrations/V1__create_notes.sql", "CREATE TABLE notes (id int);\n",
                "db/migrations/V2__more.sql", "ALTER TABLE notes ADD COLUMN body text;\n",
                "db/other/V9__not_this.sql", "SELECT 1;\n"));
    URL folder = new URL("jar:" + NestedTestUrls.SCHEME + ":" + jar + "!/db/migrations");
    ClassLoader loader =
        new ClassLoader(null) {
          @Override
          public URL getResource(String name) {
            return name.equals("db/migrations") ? folder : null;
          }
        };
    TestServer server = TestServers.all().get(0);
    try (TestDatabase db = server.createDatabase()) {
      var result =
          Strata.configure()
              .url(db.url())
              .locations("classpath:db/migrations")
              .classLoader(loader)
              .workingDir(work)
              .load()
              .deploy();
      assertThat(result.applied())
          .extracting(a -> a.name())
          .containsExactly("V1__create_notes", "V2__more");
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history")).isEqualTo("2");
    }
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** status (drift), diff, pull and dev, end to end through the CLI on real servers. */
class SchemaCommandsTest {
  @TempDir Path work;

  static List<TestServer> servers(TestInfo test) {
    return TestServers.each(test);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void driftMadeByHandIsReportedAndNothingElse(TestServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Path migrations = Migrations.copyExample("helpdesk", work.resolve("migrations"));
      assertThat(
              Cli.run(work, "deploy", "--url", db.url(), "--dir", migrations.toString()).exitCode())
          .isZero();
      Cli.Result clean = Cli.run(work, "status", "--url", db.url(), "--dir", migrations.toString());
      assertThat(clean.exitCode()).as(clean.all()).isZero();
      assertThat(clean.out()).contains("No drift");
      // What the migrations build is remembered: the next check needs no shadow database at all
      // (here the shadow server given cannot even be reached), until the schema changes.
      assertThat(work.resolve(".strata/cache/drift")).isNotEmptyDirectory();
      Cli.Result cached =
          Cli.run(
              work,
              "status",
              "--url",
              db.url(),
              "--dir",
              migrations.toString(),
              "--shadow-url",
              "postgresql://nobody@127.0.0.1:1/none",
              "--connect-timeout",
              "2");
      assertThat(cached.exitCode()).as(cached.all()).isZero();
      assertThat(cached.out()).contains("No drift");

      db.execute("CREATE TABLE scratch_notes (id int)");
      db.execute("ALTER TABLE tickets ALTER COLUMN subject SET DEFAULT 'untitled'");
      db.execute("DROP INDEX tickets_assignee_id_status_idx");
      Cli.Result drifted =
          Cli.run(work, "status", "--url", db.url(), "--dir", migrations.toString(), "--json");
      assertThat(drifted.exitCode()).as(drifted.all()).isEqualTo(4);
      assertThat(drifted.out())
          .contains("\"drifted\" : true")
          .contains("scratch_notes")
          .contains("SET DEFAULT 'untitled'")
          .contains("tickets_assignee_id_status_idx");
      // In words, the report never says "up to date" beside the drift it lists.
      Cli.Result words = Cli.run(work, "status", "--url", db.url(), "--dir", migrations.toString());
      assertThat(words.out())
          .contains("Your database schema has drifted")
          .doesNotContain("up to date")
          .contains("Every migration is applied, but the schema is not what they build");
      assertThat(
              Cli.run(
                      work,
                      "status",
                      "--url",
                      db.url(),
                      "--dir",
                      migrations.toString(),
                      "--no-drift")
                  .exitCode())
          .isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void pullRebuildsTheSchemaAndDiffFindsNothing(TestServer server) throws Exception {
    try (TestDatabase a = server.createDatabase();
        TestDatabase b = server.createDatabase()) {
      Path migrations = Migrations.copyExample("helpdesk", work.resolve("migrations"));
      Cli.run(work, "deploy", "--url", a.url(), "--dir", migrations.toString());
      Cli.Result pulled = Cli.run(work, "pull", "--url", a.url(), "--output", "schema.sql");
      assertThat(pulled.exitCode()).as(pulled.all()).isZero();
      String sql = Files.readString(work.resolve("schema.sql"));
      assertThat(sql).contains("CREATE TABLE public.tickets").doesNotContain("_strata_migrations");

      Cli.Result fromFile = Cli.run(work, "diff", "schema.sql", migrations.toString(), "--json");
      assertThat(fromFile.exitCode()).as(fromFile.all()).isZero();
      assertThat(fromFile.out()).contains("\"identical\" : true");

      Cli.Result toEmpty = Cli.run(work, "diff", a.url(), b.url());
      assertThat(toEmpty.out()).contains("DROP TABLE public.tickets").contains("DESTRUCTIVE");
      Cli.Result fromEmpty = Cli.run(work, "diff", b.url(), "schema.sql");
      assertThat(fromEmpty.out()).contains("CREATE TABLE public.tickets");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void devWritesAMigrationThatDeployAppliesAndDownReverses(TestServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Path migrations = work.resolve("migrations");
      Files.createDirectories(migrations.resolve("20240101000000_init"));
      Files.writeString(
          migrations.resolve("20240101000000_init/migration.sql"),
          "CREATE TABLE items (id bigint PRIMARY KEY, name text, legacy text);\n");
      Files.writeString(
          work.resolve("schema.sql"),
          """
          CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) DEFAULT 0,
            legacy text);
          CREATE INDEX items_name ON items (name);
          """);
      String url = db.url();
      Cli.Result dev = Cli.run(work, "dev", "--url", url, "--name", "add price");
      assertThat(dev.exitCode()).as(dev.all()).isZero();
      assertThat(dev.out()).contains("Applied 3 migration(s)");
      try (Stream<Path> dirs = Files.list(migrations)) {
        List<String> names = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        assertThat(names).hasSize(3);
        assertThat(names.get(2)).endsWith("_add_price_concurrently");
        String main = Files.readString(migrations.resolve(names.get(1)).resolve("migration.sql"));
        assertThat(main).contains("ADD COLUMN price numeric(10,2) DEFAULT 0").contains("NOT VALID");
        assertThat(Files.readString(migrations.resolve(names.get(2)).resolve("migration.sql")))
            .contains("CREATE INDEX CONCURRENTLY items_name");
      }
      assertThat(Cli.run(work, "status", "--url", url).exitCode()).isZero();
      Cli.Result again = Cli.run(work, "dev", "--url", url, "--name", "again");
      assertThat(again.out()).contains("Nothing to do");

      // Dropping a column needs --allow-data-loss; then rollback uses the down.sql.
      Files.writeString(
          work.resolve("schema.sql"),
          """
          CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) DEFAULT 0);
          CREATE INDEX items_name ON items (name);
          """);
      Cli.Result refused = Cli.run(work, "dev", "--url", url, "--name", "drop legacy");
      assertThat(refused.exitCode()).isEqualTo(6);
      assertThat(refused.all()).contains("legacy").contains("--allow-data-loss");
      Cli.Result dropped =
          Cli.run(work, "dev", "--url", url, "--name", "drop legacy", "--allow-data-loss");
      assertThat(dropped.exitCode()).as(dropped.all()).isZero();
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.columns WHERE column_name = 'legacy'"))
          .isEqualTo("0");
      String newest;
      try (Stream<Path> dirs = Files.list(migrations)) {
        newest = dirs.map(p -> p.getFileName().toString()).sorted().reduce((x, y) -> y).get();
      }
      assertThat(newest).endsWith("_drop_legacy");
      Cli.Result rollback = Cli.run(work, "rollback", newest, "--url", url);
      assertThat(rollback.exitCode()).as(rollback.all()).isZero();
      assertThat(
              db.single(
                  "SELECT count(*) FROM information_schema.columns WHERE column_name = 'legacy'"))
          .isEqualTo("1");
    }
  }
}

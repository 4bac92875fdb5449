package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** new, history, Flyway folders, help. */
class CommandsTest {
  @TempDir Path work;

  @Test
  void newWritesAWellFormedMigrationThatStatusAccepts() throws Exception {
    var created = Cli.run(work, "new", "Add user preferences");
    assertThat(created.exitCode()).as(created.all()).isZero();
    assertThat(created.out())
        .containsPattern("Created .*migrations/\\d{14}_add_user_preferences/migration.sql");
    try (var folders = Files.list(work.resolve("migrations"))) {
      assertThat(folders.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .asString()
          .matches("\\d{14}_add_user_preferences");
    }
    var json = Cli.run(work, "new", "second", "--json");
    assertThat(json.out()).contains("\"created\"");
  }

  @Test
  void newRefusesANameWithoutLettersOrDigits() {
    var result = Cli.run(work, "new", "!!!");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no letters or digits");
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void historyShowsEveryRowReadably(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add("20240102000000_b", "SELECT 1/0;");
    try (TestDatabase db = server.createDatabase()) {
      // Past the review, which would stop it on the shadow: history shows a failed row.
      Cli.run(work, "deploy", "--url", db.url(), "--review", "off");
      var history = Cli.run(work, "history", "--url", db.url());
      assertThat(history.exitCode()).isZero();
      assertThat(history.out())
          .contains("NAME")
          .contains("DURATION")
          .contains("STEPS")
          .containsPattern(
              "20240101000000_a\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d{4}.*applied")
          .containsPattern("20240102000000_b.*\\s-\\s+-\\s+0\\s+failed");
      var json = Cli.run(work, "history", "--url", db.url(), "--json");
      assertThat(json.out()).contains("\"state\" : \"failed\"").contains("\"logs\"");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void flywayFolderDeploysInVersionOrder(TestServer server) throws Exception {
    Path dir = Files.createDirectories(work.resolve("db/migration"));
    Files.writeString(dir.resolve("V1__create.sql"), "CREATE TABLE t (id int, v text);");
    Files.writeString(dir.resolve("V1_10__third.sql"), "INSERT INTO t VALUES (3, 'c');");
    Files.writeString(dir.resolve("V1_2__second.sql"), "INSERT INTO t VALUES (2, 'b');");
    Files.writeString(dir.resolve("V2__fourth.sql"), "ALTER TABLE t ADD COLUMN w int;");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir.toString());
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.column("SELECT migration_name FROM _strata_migrations ORDER BY started_at"))
          .containsExactly("V1__create", "V1_2__second", "V1_10__third", "V2__fourth");
      assertThat(Cli.run(work, "status", "--url", db.url(), "--dir", dir.toString()).exitCode())
          .isZero();
    }
  }

  @Test
  void databaseUrlIsReadFromDotEnv() throws Exception {
    new Migrations(work.resolve("migrations")).add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = TestServers.embedded().createDatabase()) {
      Files.writeString(
          work.resolve(".env"), "# local settings\nDATABASE_URL=\"" + db.url() + "\"\n");
      var deploy = Cli.run(work, "deploy");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.single("SELECT to_regclass('a') IS NOT NULL")).isEqualTo("t");
    }
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    var help = Cli.run(work, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("deploy")
        .contains("status")
        .contains("resolve")
        .contains("new")
        .contains("history")
        .contains("Exit codes");
    var deployHelp = Cli.run(work, "deploy", "--help");
    assertThat(deployHelp.out()).contains("--atomic").contains("--lock-wait").contains("--url");
  }

  /** Each command's summary in the list is a whole sentence; no help line is wider than 80. */
  @Test
  void helpTextIsWholeSentencesWithinEightyColumns() {
    String help = Cli.run(work, "--help").out();
    String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes"));
    java.util.Map<String, String> summaries = new java.util.LinkedHashMap<>();
    String current = null;
    for (String line : commands.lines().skip(1).toList()) {
      if (line.isBlank()) continue;
      var entry = java.util.regex.Pattern.compile("^  (\\w+)\\s+(.*)$").matcher(line);
      if (entry.matches()) {
        current = entry.group(1);
        summaries.put(current, entry.group(2));
      } else {
        summaries.merge(current, " " + line.strip(), String::concat);
      }
    }
    assertThat(summaries).hasSizeGreaterThan(10);
    summaries.forEach((name, summary) -> assertThat(summary).as(name).endsWith("."));
    for (String command : summaries.keySet()) {
      if (command.equals("help")) continue;
      String text = Cli.run(work, command, "--help").out();
      for (String line : text.lines().toList()) {
        assertThat(line.length()).as(command + ": " + line).isLessThanOrEqualTo(80);
      }
    }
    help.lines().forEach(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
  }
}

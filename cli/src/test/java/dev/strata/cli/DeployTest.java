package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy, status and resolve through every state and transition, on every test server. */
class DeployTest {
  @TempDir Path work;

  private String[] args(TestDatabase db, String... command) {
    String[] all = new String[command.length + 4];
    System.arraycopy(command, 0, all, 0, command.length);
    all[command.length] = "--url";
    all[command.length + 1] = db.url();
    all[command.length + 2] = "--dir";
    all[command.length + 3] = work.resolve("migrations").toString();
    return all;
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void pendingThenAppliedThenUpToDate(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_users", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);");
    m.add(
        "20240102000000_posts",
        "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n"
            + "INSERT INTO users VALUES (1, 'a@example.com');");
    try (TestDatabase db = server.createDatabase()) {
      var status = Cli.run(work, args(db, "status"));
      assertThat(status.exitCode()).as(status.all()).isEqualTo(3);
      assertThat(status.out())
          .contains("pending      20240101000000_users")
          .contains("have not yet been applied");

      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(deploy.out()).contains("Applied 2 migrations");

      var after = Cli.run(work, args(db, "status"));
      assertThat(after.exitCode()).as(after.all()).isEqualTo(0);
      assertThat(after.out()).contains("Database schema is up to date.");
      assertThat(db.single("SELECT count(*) FROM users")).isEqualTo("1");
      assertThat(
              db.column(
                  "SELECT migration_name FROM _strata_migrations WHERE finished_at IS NOT NULL ORDER BY 1"))
          .containsExactly("20240101000000_users", "20240102000000_posts");

      var again = Cli.run(work, args(db, "deploy"));
      assertThat(again.exitCode()).isEqualTo(0);
      assertThat(again.out()).contains("No pending migrations");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void statusJsonHasUpToDateAndEveryMigrationsState(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      var before = Cli.run(work, args(db, "status", "--json"));
      assertThat(before.exitCode()).isEqualTo(3);
      assertThat(before.out()).contains("\"upToDate\" : false").contains("\"state\" : \"pending\"");
      Cli.run(work, args(db, "deploy"));
      var after = Cli.run(work, args(db, "status", "--json"));
      assertThat(after.out())
          .contains("\"upToDate\" : true")
          .contains("\"name\" : \"20240101000000_a\"")
          .contains("\"state\" : \"applied\"");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void failedMigrationIsRecordedWithFileAndLineAndBlocksUntilResolved(TestServer server)
      throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    Path bad =
        m.add(
            "20240102000000_b",
            "-- adds b\nCREATE TABLE b (id int);\n\nINSERT INTO b\n  SELECT nosuchcolumn FROM a;\n");
    m.add("20240103000000_c", "CREATE TABLE c (id int);");
    try (TestDatabase db = server.createDatabase()) {
      // The review would stop this migration on its shadow run (see ReviewCommandTest); here the
      // failure must reach the target, as a failure that depends on the target's data does.
      var deploy = Cli.run(work, args(db, "deploy", "--review", "off"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(1);
      assertThat(deploy.err())
          .contains("Migration `20240102000000_b` failed at")
          .contains("migration.sql:5")
          .contains("nosuchcolumn")
          .contains("42703")
          .contains("strata resolve --rolled-back 20240102000000_b");
      // The failed migration left nothing behind; the one before it stays applied; the one after
      // never ran.
      assertThat(db.single("SELECT to_regclass('b') IS NULL")).isEqualTo("t");
      assertThat(db.single("SELECT to_regclass('c') IS NULL")).isEqualTo("t");
      List<List<String>> row =
          db.query(
              "SELECT started_at IS NOT NULL, finished_at IS NULL, logs FROM _strata_migrations"
                  + " WHERE migration_name = '20240102000000_b'");
      assertThat(row).hasSize(1);
      assertThat(row.get(0).subList(0, 2)).containsExactly("t", "t");
      assertThat(row.get(0).get(2)).contains("migration.sql:5").contains("nosuchcolumn");

      var status = Cli.run(work, args(db, "status"));
      assertThat(status.exitCode()).isEqualTo(4);
      assertThat(status.out()).contains("failed       20240102000000_b");

      var refused = Cli.run(work, args(db, "deploy"));
      assertThat(refused.exitCode()).isEqualTo(4);
      assertThat(refused.err())
          .contains("20240102000000_b")
          .contains("failed in an earlier deploy")
          .contains("strata resolve");

      // Only a failed migration can be resolved.
      var notFailed = Cli.run(work, args(db, "resolve", "--rolled-back", "20240101000000_a"));
      assertThat(notFailed.exitCode()).isEqualTo(1);
      assertThat(notFailed.err()).contains("not in a failed state");
      var never = Cli.run(work, args(db, "resolve", "--rolled-back", "20240103000000_c"));
      assertThat(never.err()).contains("never applied");
      var unknown = Cli.run(work, args(db, "resolve", "--rolled-back", "nope"));
      assertThat(unknown.err()).contains("`nope` is not in");

      var resolved = Cli.run(work, args(db, "resolve", "--rolled-back", "20240102000000_b"));
      assertThat(resolved.exitCode()).as(resolved.all()).isEqualTo(0);
      var rolledBack = Cli.run(work, args(db, "status", "--json"));
      assertThat(rolledBack.exitCode()).isEqualTo(3);
      assertThat(rolledBack.out()).contains("\"state\" : \"rolled_back\"");

      Files.writeString(bad, "CREATE TABLE b (id int);\nINSERT INTO b SELECT id FROM a;\n");
      var fixed = Cli.run(work, args(db, "deploy"));
      assertThat(fixed.exitCode()).as(fixed.all()).isEqualTo(0);
      assertThat(Cli.run(work, args(db, "status")).exitCode()).isEqualTo(0);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void resolveAppliedMarksAFailedMigrationDoneAndRefusesAnAppliedOne(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add("20240102000000_b", "CREATE TABLE b (id int);\nSELECT 1/0;");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, args(db, "deploy", "--review", "off")).exitCode()).isEqualTo(1);
      db.execute("CREATE TABLE b (id int)"); // completed by hand
      var resolved = Cli.run(work, args(db, "resolve", "--applied", "20240102000000_b"));
      assertThat(resolved.exitCode()).as(resolved.all()).isEqualTo(0);
      assertThat(Cli.run(work, args(db, "status")).exitCode()).isEqualTo(0);
      var again = Cli.run(work, args(db, "resolve", "--applied", "20240102000000_b"));
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).contains("already recorded as applied");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void modifiedMigrationBlocksDeployWithExitFourNamingIt(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    Path a = m.add("20240101000000_a", "CREATE TABLE a (id int);\n");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, args(db, "deploy")).exitCode()).isEqualTo(0);
      Files.writeString(
          a, "CREATE TABLE a (id int);\r\n"); // a Windows checkout is not a modification
      assertThat(Cli.run(work, args(db, "status")).exitCode()).isEqualTo(0);
      Files.writeString(a, "CREATE TABLE a (id bigint);\n");
      m.add("20240102000000_b", "CREATE TABLE b (id int);");
      var status = Cli.run(work, args(db, "status"));
      assertThat(status.exitCode()).isEqualTo(4);
      assertThat(status.out()).contains("modified     20240101000000_a");
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).isEqualTo(4);
      assertThat(deploy.err()).contains("`20240101000000_a` was modified after it was applied");
      assertThat(db.single("SELECT to_regclass('b') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void missingMigrationIsReportedAndBlocksDeploy(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    Path a = m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, args(db, "deploy")).exitCode()).isEqualTo(0);
      Files.delete(a);
      Files.delete(a.getParent());
      m.add("20240102000000_b", "CREATE TABLE b (id int);");
      var status = Cli.run(work, args(db, "status"));
      assertThat(status.exitCode()).isEqualTo(4);
      assertThat(status.out()).contains("missing      20240101000000_a");
      assertThat(Cli.run(work, args(db, "deploy")).exitCode()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void nonTransactionalMigrationRunsStatementByStatementAndRecordsSteps(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_a",
        "CREATE TABLE a (id int, name text);\nINSERT INTO a SELECT g, 'n' || g FROM generate_series(1, 100) g;");
    m.add(
        "20240102000000_idx",
        "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS a_name ON a (name);\n"
            + "CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(deploy.err()).contains("statement by statement");
      assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 'a' ORDER BY 1"))
          .containsExactly("a_id", "a_name");
      assertThat(
              db.single(
                  "SELECT applied_steps_count FROM _strata_migrations WHERE migration_name = '20240102000000_idx'"))
          .isEqualTo("3");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void migrationWithItsOwnTransactionRunsAsPsqlRunsIt(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_enum",
        "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE person (id int, mood mood);");
    // What Prisma writes for an enum change: its own transaction around the type swap.
    m.add(
        "20240102000000_enum_change",
        "BEGIN;\nCREATE TYPE mood_new AS ENUM ('sad', 'ok', 'happy');\n"
            + "ALTER TABLE person ALTER COLUMN mood TYPE mood_new USING (mood::text::mood_new);\n"
            + "ALTER TYPE mood RENAME TO mood_old;\nALTER TYPE mood_new RENAME TO mood;\nDROP TYPE mood_old;\nCOMMIT;\n"
            + "INSERT INTO person VALUES (1, 'happy');\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(db.single("SELECT mood FROM person")).isEqualTo("happy");
      assertThat(Cli.run(work, args(db, "status")).exitCode()).isEqualTo(0);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void failureInsideItsOwnTransactionRollsThatTransactionBack(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_tx",
        "CREATE TABLE before_tx (id int);\nBEGIN;\nCREATE TABLE inside_tx (id int);\n"
            + "SELECT 1/0;\nCOMMIT;\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy", "--review", "off"));
      assertThat(deploy.exitCode()).isEqualTo(1);
      assertThat(deploy.err()).contains("migration.sql:4").contains("division by zero");
      assertThat(db.single("SELECT to_regclass('inside_tx') IS NULL")).isEqualTo("t");
      assertThat(db.single("SELECT to_regclass('before_tx') IS NOT NULL")).isEqualTo("t");
      assertThat(db.single("SELECT applied_steps_count FROM _strata_migrations")).isEqualTo("1");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void atomicAppliesAllOrNothing(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add("20240102000000_b", "CREATE TABLE b (id int);");
    m.add("20240103000000_c", "CREATE TABLE c (id int);\nINSERT INTO c VALUES ('not a number');");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy", "--atomic", "--review", "off"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(1);
      assertThat(deploy.err())
          .contains("20240103000000_c")
          .contains("migration.sql:2")
          .contains("nothing was applied");
      assertThat(db.single("SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b', 'c')"))
          .isEqualTo("0");
      assertThat(
              db.column(
                  "SELECT migration_name FROM _strata_migrations WHERE finished_at IS NOT NULL"))
          .isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void atomicIsRefusedBeforeAnythingRunsWhenAMigrationCannotShareTheTransaction(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int, name text);");
    m.add("20240102000000_idx", "CREATE INDEX CONCURRENTLY a_name ON a (name);");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy", "--atomic"));
      assertThat(deploy.exitCode()).as("refused, as the exit-code table says").isEqualTo(6);
      assertThat(deploy.err())
          .contains("--atomic refused")
          .contains("20240102000000_idx")
          .contains("line 1");
      assertThat(db.single("SELECT to_regclass('a') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void atomicIsRefusedForAnEnumValueAddedThenUsed(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_type", "CREATE TYPE status AS ENUM ('open');\nCREATE TABLE t (s status);");
    m.add("20240102000000_add", "ALTER TYPE status ADD VALUE 'closed';");
    m.add("20240103000000_use", "INSERT INTO t VALUES ('closed');");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy", "--atomic"));
      assertThat(deploy.exitCode()).as("refused, as the exit-code table says").isEqualTo(6);
      assertThat(deploy.err())
          .contains("20240103000000_use")
          .contains("'closed'")
          .contains("20240102000000_add");
      assertThat(db.single("SELECT to_regclass('t') IS NULL")).isEqualTo("t");
      // Without --atomic each migration commits before the next uses the value.
      assertThat(Cli.run(work, args(db, "deploy")).exitCode()).isEqualTo(0);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void psqlBackslashCommandIsRefusedNamingItsLine(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);\n\\i other.sql\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).isEqualTo(1);
      assertThat(deploy.err())
          .contains("20240101000000_a")
          .contains("migration.sql:2")
          .contains("Nothing was run");
      assertThat(db.single("SELECT to_regclass('a') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void mysqlLockFileIsRefusedOnPostgres(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    Files.writeString(work.resolve("migrations/migration_lock.toml"), "provider = \"mysql\"\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).isEqualTo(2);
      assertThat(deploy.err()).contains("provider = \"mysql\"");
      assertThat(db.single("SELECT to_regclass('a') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void sqlRunsVerbatimWithoutPlaceholderSubstitutionAndEveryQuotingForm(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_a",
        "-- ${flyway:user} stays a comment\n"
            + "CREATE TABLE \"we;ird\" (id int, t text DEFAULT '${x}; -- not a comment');\n"
            + "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN 'a;b'; END $body$;\n"
            + "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; SELECT a + 2; END;\n"
            + "INSERT INTO \"we;ird\" (id) VALUES (1) /* trailing; /* nested */ comment */\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(db.single("SELECT t FROM \"we;ird\"")).isEqualTo("${x}; -- not a comment");
      assertThat(db.single("SELECT f() || g(1)")).isEqualTo("a;b3");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void migrationMaySetItsTransactionIsolationFirstAsUnderPsqlSingleTransaction(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_serializable",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE s AS SELECT current_setting('transaction_isolation') AS level;");
    try (TestDatabase db = server.createDatabase()) {
      var deploy = Cli.run(work, args(db, "deploy"));
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(db.single("SELECT level FROM s")).isEqualTo("serializable");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void historyTableOverrideAndSchemaParameterAreHonoured(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      var deploy =
          Cli.run(
              work,
              "deploy",
              "--url",
              db.url() + "?schema=app",
              "--dir",
              m.dir().toString(),
              "--history-table",
              "deploys");
      assertThat(deploy.exitCode()).as(deploy.all()).isEqualTo(0);
      assertThat(db.single("SELECT to_regclass('app.a') IS NOT NULL")).isEqualTo("t");
      assertThat(db.single("SELECT count(*) FROM app.deploys")).isEqualTo("1");
    }
  }
}

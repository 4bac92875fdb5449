package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.backup.BackupCheck;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** strata production: the guide's procedure, with automatic rollback proven on real failures. */
class ProductionTest {
  @TempDir Path work;

  private Migrations batchWhoseThirdMigrationFails() {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_base", "CREATE TABLE accounts (id int PRIMARY KEY, name text);");
    return m;
  }

  private static String state(TestDatabase db) {
    // Schema and data of everything but the history table.
    return db.schemaFingerprint().lines().filter(l -> !l.contains("_strata_migrations")).toList()
        + db.column("SELECT id || ':' || name FROM accounts ORDER BY id").toString();
  }

  private Path onlyBackup() throws Exception {
    try (Stream<Path> files = Files.list(work.resolve("backups/pre-migration"))) {
      return files.filter(p -> p.toString().endsWith(".sql.gz")).findFirst().orElseThrow();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void failedThirdMigrationIsRolledBackByRestoringTheBackup(TestServer server) throws Exception {
    Migrations m = batchWhoseThirdMigrationFails();
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      db.execute("INSERT INTO accounts VALUES (1, 'alice'), (2, 'bob')");
      String before = state(db);
      m.add("20240102000000_add_email", "ALTER TABLE accounts ADD COLUMN email text;");
      m.add("20240103000000_fill", "UPDATE accounts SET email = name || '@example.com';");
      m.add(
          "20240104000000_broken", "ALTER TABLE accounts ADD COLUMN active boolean;\nSELECT 1/0;");

      // The review would stop the broken migration in step 1 (see ReviewCommandTest); here it must
      // fail in the deploy, as a failure that depends on the production data does.
      var run = Cli.run(work, "production", "--url", db.url(), "--force", "--review", "off");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out())
          .contains("=== Step 1: Pre-flight Checks ===")
          .contains("=== Step 2: Creating Pre-Migration Backup ===")
          .contains("Backup created successfully: ")
          .contains("The following migration(s) have not yet been applied:")
          .contains("=== Step 5: Running Database Migration ===")
          .contains("=== Step 7: Automatic Rollback ===");
      assertThat(run.err())
          .contains("20240104000000_broken")
          .contains("division by zero")
          .contains("restored from the pre-migration backup")
          .contains("the history records `20240104000000_broken` as rolled back")
          // Already marked rolled back: the deploy's advice to resolve it no longer applies.
          .doesNotContain("strata resolve");

      assertThat(state(db)).isEqualTo(before);
      // The history says what failed; the batch is pending again.
      assertThat(
              db.single(
                  "SELECT logs FROM _strata_migrations WHERE migration_name = '20240104000000_broken'"))
          .contains("division by zero");
      var status = Cli.run(work, "status", "--url", db.url());
      assertThat(status.out())
          .contains("pending      20240102000000_add_email")
          .contains("rolled_back  20240104000000_broken");
      // The backup exists and is intact.
      assertThat(BackupCheck.check(onlyBackup())).isPresent();
      try (Stream<Path> files = Files.list(work.resolve("backups/pre-migration"))) {
        Path record =
            files.filter(p -> p.toString().endsWith(".run.jsonl")).findFirst().orElseThrow();
        assertThat(Files.readString(record))
            .contains("\"event\":\"deploy-failed\"")
            .contains("\"event\":\"restored\"");
        // Error details quote row values: the record is its owner's alone, like the backups.
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(record)))
            .isEqualTo("rw-------");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void withAtomicNothingIsRestoredAndNothingChanged(TestServer server) throws Exception {
    Migrations m = batchWhoseThirdMigrationFails();
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      db.execute("INSERT INTO accounts VALUES (1, 'alice')");
      String before = state(db);
      m.add("20240102000000_add_email", "ALTER TABLE accounts ADD COLUMN email text;");
      m.add("20240103000000_fill", "UPDATE accounts SET email = name || '@example.com';");
      m.add("20240104000000_broken", "SELECT 1/0;");
      var run =
          Cli.run(work, "production", "--url", db.url(), "--force", "--atomic", "--review", "off");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.out()).contains("Nothing to restore");
      assertThat(run.err()).contains("Nothing was changed (--atomic)");
      assertThat(state(db)).isEqualTo(before);
      assertThat(BackupCheck.check(onlyBackup())).isPresent();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void successfulRunVerifiesAndSecondRunFindsNothingToDo(TestServer server) throws Exception {
    Migrations m = batchWhoseThirdMigrationFails();
    m.add("20240102000000_seed", "INSERT INTO accounts VALUES (1, 'alice');");
    Files.writeString(
        work.resolve("verify.sql"), "-- the seed is there\nSELECT count(*) = 1 FROM accounts;\n");
    try (TestDatabase db = server.createDatabase()) {
      var refused = Cli.run(work, "production", "--url", db.url());
      assertThat(refused.exitCode()).isEqualTo(6);
      assertThat(db.single("SELECT to_regclass('accounts') IS NULL")).isEqualTo("t");

      var run =
          Cli.run(work, "production", "--url", db.url(), "--force", "--verify-sql", "verify.sql");
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("Migration verification successful!")
          .contains("=== Migration Process Completed Successfully ===");
      var again = Cli.run(work, "production", "--url", db.url(), "--force", "--json");
      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(again.out()).contains("\"applied\" : [ ]");
      assertThat(again.err()).contains("Database schema is up to date.");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void failedVerificationRestoresTheBackup(TestServer server) throws Exception {
    Migrations m = batchWhoseThirdMigrationFails();
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      String before = state(db);
      m.add(
          "20240102000000_wipe",
          "SET lock_timeout = '5s';\nALTER TABLE accounts ADD COLUMN x int;");
      Files.writeString(work.resolve("verify.sql"), "SELECT count(*) > 0 FROM accounts;");
      var run =
          Cli.run(work, "production", "--url", db.url(), "--force", "--verify-sql", "verify.sql");
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.err())
          .contains("verification failed")
          .contains("count(*) > 0")
          .contains("restored from the pre-migration backup")
          .doesNotContain("history records")
          .doesNotContain("resolve");
      assertThat(state(db)).isEqualTo(before);
    }
  }
}

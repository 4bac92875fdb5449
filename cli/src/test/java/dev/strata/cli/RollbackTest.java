package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** strata rollback with down.sql and with the backup taken before the migration. */
class RollbackTest {
  private static final Path EXAMPLE =
      Path.of("").toAbsolutePath().getParent().resolve("examples/helpdesk/migrations");

  @TempDir Path work;

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void rollingBackTheLastTwoExampleMigrationsAndDeployingAgainGivesTheSameSchema(
      TestServer server) {
    try (TestDatabase db = server.createDatabase()) {
      String dir = EXAMPLE.toString();
      assertThat(Cli.run(work, "deploy", "--url", db.url(), "--dir", dir).exitCode()).isZero();
      String before = db.schemaFingerprint();

      var older =
          Cli.run(
              work,
              "rollback",
              "20240311141500_index_tickets_concurrently",
              "--url",
              db.url(),
              "--dir",
              dir);
      assertThat(older.exitCode()).isEqualTo(2);
      assertThat(older.err())
          .contains("not the latest applied")
          .contains("20240325103000_create_satisfaction_ratings");

      var last =
          Cli.run(
              work,
              "rollback",
              "20240325103000_create_satisfaction_ratings",
              "--url",
              db.url(),
              "--dir",
              dir);
      assertThat(last.exitCode()).as(last.all()).isZero();
      assertThat(last.out())
          .contains("Rolled back 20240325103000_create_satisfaction_ratings")
          .contains("down.sql");
      // Its down.sql drops the index concurrently: it runs outside a transaction, statement by
      // statement.
      var index =
          Cli.run(
              work,
              "rollback",
              "20240311141500_index_tickets_concurrently",
              "--url",
              db.url(),
              "--dir",
              dir);
      assertThat(index.exitCode()).as(index.all()).isZero();
      assertThat(db.schemaFingerprint()).isNotEqualTo(before);

      var status = Cli.run(work, "status", "--url", db.url(), "--dir", dir);
      assertThat(status.exitCode()).isEqualTo(3);
      assertThat(status.out())
          .contains("rolled_back  20240311141500_index_tickets_concurrently")
          .contains("rolled_back  20240325103000_create_satisfaction_ratings");

      var again = Cli.run(work, "deploy", "--url", db.url(), "--dir", dir);
      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(again.out()).contains("Applied 2 migrations");
      assertThat(db.schemaFingerprint()).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void withoutDownSqlItPointsToRestoreBackupWhichRestoresTheStateBeforeTheMigration(
      TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int); INSERT INTO a VALUES (1);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      var backup = Cli.run(work, "backup", "--url", db.url(), "--output", "backups/pre-migration");
      assertThat(backup.exitCode()).as(backup.all()).isZero();
      String before = db.schemaFingerprint() + db.single("SELECT count(*) FROM a");
      Thread.sleep(20);
      m.add(
          "20240102000000_b",
          "SET lock_timeout = '5s'; ALTER TABLE a ADD COLUMN b int; INSERT INTO a VALUES (2, 2);");
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();

      var noDown = Cli.run(work, "rollback", "20240102000000_b", "--url", db.url());
      assertThat(noDown.exitCode()).isEqualTo(2);
      assertThat(noDown.err()).contains("has no down script").contains("--restore-backup");

      var unconfirmed =
          Cli.run(work, "rollback", "20240102000000_b", "--restore-backup", "--url", db.url());
      assertThat(unconfirmed.exitCode()).isEqualTo(6);

      var restored =
          Cli.run(
              work,
              "rollback",
              "20240102000000_b",
              "--restore-backup",
              "--force",
              "--url",
              db.url());
      assertThat(restored.exitCode()).as(restored.all()).isZero();
      assertThat(db.schemaFingerprint() + db.single("SELECT count(*) FROM a")).isEqualTo(before);
      var status = Cli.run(work, "status", "--url", db.url());
      assertThat(status.exitCode()).isEqualTo(3);
      assertThat(status.out()).contains("pending      20240102000000_b");
      assertThat(Files.list(work.resolve("backups/safety")).count()).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aRestoreThatUndoesMoreThanTheNamedMigrationNamesEachOne(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      var backup = Cli.run(work, "backup", "--url", db.url());
      assertThat(backup.exitCode()).as(backup.all()).isZero();
      Thread.sleep(20);
      m.add("20240102000000_b", "CREATE TABLE b (id int);");
      m.add("20240103000000_c", "CREATE TABLE c (id int);");
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();

      var unconfirmed =
          Cli.run(work, "rollback", "20240103000000_c", "--restore-backup", "--url", db.url());
      assertThat(unconfirmed.exitCode()).isEqualTo(6);
      assertThat(unconfirmed.err()).contains("it undoes 20240102000000_b, 20240103000000_c");
      assertThat(db.single("SELECT to_regclass('b') IS NOT NULL")).isEqualTo("t");

      var restored =
          Cli.run(
              work,
              "rollback",
              "20240103000000_c",
              "--restore-backup",
              "--force",
              "--url",
              db.url());
      assertThat(restored.exitCode()).as(restored.all()).isZero();
      assertThat(restored.err())
          .contains("it undoes 2 migrations: 20240102000000_b, 20240103000000_c");
      assertThat(restored.out()).contains("Pending again: 20240102000000_b, 20240103000000_c");
      assertThat(db.single("SELECT to_regclass('b') IS NULL")).isEqualTo("t");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void failingDownScriptChangesNothing(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.addDown("20240101000000_a", "DROP TABLE a;\nSELECT 1/0;\n");
    try (TestDatabase db = server.createDatabase()) {
      assertThat(Cli.run(work, "deploy", "--url", db.url()).exitCode()).isZero();
      var result = Cli.run(work, "rollback", "20240101000000_a", "--url", db.url());
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .contains("down.sql:2")
          .contains("division by zero")
          .contains("nothing was changed");
      assertThat(db.single("SELECT to_regclass('a') IS NOT NULL")).isEqualTo("t");
      assertThat(Cli.run(work, "status", "--url", db.url()).exitCode()).isZero();
    }
  }
}

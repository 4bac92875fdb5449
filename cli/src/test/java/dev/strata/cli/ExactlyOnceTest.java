package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.StrataProcess;
import dev.strata.testkit.TcpProxy;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement applied exactly once: a statement the server commits after its deployer died is
 * not run again; a script's own transaction may start with SET TRANSACTION; a resume refuses a file
 * whose completed statements changed; a failure in a large script names its line.
 */
class ExactlyOnceTest {
  @TempDir Path work;

  private static final String TABLE =
      "CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL);\nINSERT INTO c VALUES (1, 0);\n";

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aStatementTheServerCommitsAfterItsDeployerDiedIsNotRunAgain(TestServer server)
      throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_c", TABLE);
    m.add(
        "20240102000000_backfill",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS c_n_idx ON c (n);\n"
            + "UPDATE c SET n = n + 1 WHERE pg_sleep(3) IS NOT NULL;\n");
    try (TestDatabase db = server.createDatabase();
        TcpProxy proxy = new TcpProxy(server.host(), server.port())) {
      String viaProxy =
          "postgresql://" + server.user() + "@127.0.0.1:" + proxy.port() + "/" + db.name();
      Process p =
          StrataProcess.start(
              work,
              work.resolve("killed.log").toFile(),
              "deploy",
              "--url",
              viaProxy,
              "--dir",
              m.dir().toString(),
              "--review",
              "off");
      Await.running(db, "UPDATE c SET n = n + 1");
      Thread.sleep(1000);
      // The deployer dies behind a network that keeps its connection open: the server cannot tell,
      // finishes the UPDATE and commits it.
      proxy.partition();
      p.destroyForcibly();
      Await.exit(p);
      Await.notRunning(db, "UPDATE c SET n = n + 1", Duration.ofSeconds(30));

      // The server's session outlives its deployer and still holds the deploy lock: status says
      // so, and a deploy with --terminate-orphan ends it instead of waiting.
      var status =
          Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString(), "--no-drift");
      assertThat(status.out())
          .contains("20240102000000_backfill  (being applied by an orphaned session, pid ")
          .contains("its deployer process is gone");
      var rerun =
          Cli.run(
              work,
              "deploy",
              "--url",
              db.url(),
              "--dir",
              m.dir().toString(),
              "--review",
              "off",
              "--lock-wait",
              "30",
              "--terminate-orphan");
      assertThat(rerun.exitCode()).as(rerun.all()).isZero();
      assertThat(db.single("SELECT n FROM c")).isEqualTo("1");
      assertThat(rerun.err()).contains("Ended an orphaned session");
      var after = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(after.exitCode()).as(after.all()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aScriptsOwnTransactionMaySetItsIsolationLevel(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_iso",
        "CREATE TABLE seen (level text);\n"
            + "BEGIN;\n"
            + "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
            + "INSERT INTO seen SELECT current_setting('transaction_isolation');\n"
            + "COMMIT;\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.single("SELECT level FROM seen")).isEqualTo("repeatable read");
      assertThat(
              db.single(
                  "SELECT applied_steps_count || ' ' || (finished_at IS NOT NULL)"
                      + " FROM _strata_migrations"))
          .isEqualTo("5 true");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void prismasEnumMigrationsRun(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_init",
        "-- CreateEnum\nCREATE TYPE \"Role\" AS ENUM ('USER', 'GUEST');\n\n"
            + "-- CreateTable\nCREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"role\" \"Role\""
            + " NOT NULL DEFAULT 'USER', CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n"
            + "INSERT INTO \"User\" (\"role\") VALUES ('GUEST');\n");
    // Prisma's file for new values: ALTER TYPE ... ADD VALUE, several in one file (PostgreSQL 12+).
    m.add(
        "20240102000000_add_roles",
        "-- AlterEnum\n-- This migration adds more than one value to an enum.\n"
            + "ALTER TYPE \"Role\" ADD VALUE 'ADMIN';\nALTER TYPE \"Role\" ADD VALUE 'OWNER';\n");
    m.add(
        "20240103000000_use_admin",
        "UPDATE \"User\" SET \"role\" = 'ADMIN' WHERE \"role\" = 'GUEST';\n");
    // Prisma's file for a removed value: the type rebuilt in its own transaction.
    m.add(
        "20240104000000_remove_guest",
        "-- AlterEnum\nBEGIN;\n"
            + "CREATE TYPE \"Role_new\" AS ENUM ('USER', 'ADMIN', 'OWNER');\n"
            + "ALTER TABLE \"User\" ALTER COLUMN \"role\" DROP DEFAULT;\n"
            + "ALTER TABLE \"User\" ALTER COLUMN \"role\" TYPE \"Role_new\" USING (\"role\"::text::\"Role_new\");\n"
            + "ALTER TYPE \"Role\" RENAME TO \"Role_old\";\n"
            + "ALTER TYPE \"Role_new\" RENAME TO \"Role\";\n"
            + "DROP TYPE \"Role_old\";\n"
            + "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'USER';\n"
            + "COMMIT;\n");
    try (TestDatabase db = server.createDatabase()) {
      var deploy =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(deploy.exitCode()).as(deploy.all()).isZero();
      assertThat(db.single("SELECT \"role\"::text FROM \"User\"")).isEqualTo("ADMIN");
      assertThat(db.single("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"))
          .isEqualTo("USER,ADMIN,OWNER");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(status.exitCode()).as(status.all()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aResumeRefusesAFileWhoseCompletedStatementsChanged(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    Path file =
        m.add(
            "20240101000000_steps",
            "CREATE TABLE a (id int);\n"
                + "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
                + "INSERT INTO missing_table VALUES (1);\n");
    try (TestDatabase db = server.createDatabase()) {
      var failed =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.err())
          .contains("migration.sql:3")
          .contains("Statements 1-2 of 3 were applied")
          .contains("strata resolve --resume 20240101000000_steps");

      // The completed first statement edited: the resume is refused, naming it.
      Files.writeString(
          file,
          "CREATE TABLE a (id bigint);\n"
              + "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
              + "INSERT INTO a VALUES (1);\n");
      assertThat(
              Cli.run(
                      work,
                      "resolve",
                      "--resume",
                      "20240101000000_steps",
                      "--url",
                      db.url(),
                      "--dir",
                      m.dir().toString())
                  .exitCode())
          .isZero();
      var refused =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(refused.exitCode()).as(refused.all()).isEqualTo(4);
      assertThat(refused.err())
          .contains("statement 1 (")
          .contains("migration.sql:1)")
          .contains("ran as a different statement");

      // Only the statement that failed fixed: the resume runs it, once, and the row matches the
      // file.
      Files.writeString(
          file,
          "CREATE TABLE a (id int);\n"
              + "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
              + "INSERT INTO a VALUES (1);\n");
      var resumed =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.err()).contains("resuming after step 2 of 3");
      assertThat(db.single("SELECT count(*) FROM a")).isEqualTo("1");
      var status = Cli.run(work, "status", "--url", db.url(), "--dir", m.dir().toString());
      assertThat(status.exitCode()).as(status.all()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aFailureDeepInALargeScriptNamesItsLine(TestServer server) throws Exception {
    StringBuilder sql = new StringBuilder("CREATE TABLE big (id int PRIMARY KEY, v text);\n");
    for (int i = 1; i <= 5000; i++) {
      int id = i == 4321 ? 17 : i; // a duplicate key, found only when it runs
      sql.append("INSERT INTO big VALUES (").append(id).append(", 'row ").append(i).append("');\n");
    }
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_big", sql.toString());
    try (TestDatabase db = server.createDatabase()) {
      var failed =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.err())
          .contains("migration.sql:4322")
          .contains("duplicate key")
          .contains("nothing of it was applied");
      assertThat(db.single("SELECT to_regclass('big') IS NULL")).isEqualTo("t");

      Files.writeString(
          m.dir().resolve("20240101000000_big/migration.sql"),
          sql.toString().replace("(17, 'row 4321')", "(4321, 'row 4321')"));
      Cli.run(
          work,
          "resolve",
          "--rolled-back",
          "20240101000000_big",
          "--url",
          db.url(),
          "--dir",
          m.dir().toString());
      var deployed =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(deployed.exitCode()).as(deployed.all()).isZero();
      assertThat(db.single("SELECT count(*) FROM big")).isEqualTo("5000");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#each")
  void aBlockWhoseCommitFailsLeavesNothingRecordedPastItsBegin(TestServer server) throws Exception {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add(
        "20240101000000_deferred",
        "CREATE TABLE p (id int PRIMARY KEY);\n"
            + "CREATE TABLE k (p int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\n"
            + "BEGIN;\n"
            + "INSERT INTO k VALUES (42);\n"
            + "COMMIT;\n");
    try (TestDatabase db = server.createDatabase()) {
      var failed =
          Cli.run(
              work, "deploy", "--url", db.url(), "--dir", m.dir().toString(), "--review", "off");
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.err()).contains("migration.sql:5").contains("Statements 1-2 of 5");
      assertThat(db.single("SELECT count(*) FROM k")).isEqualTo("0");
      assertThat(db.single("SELECT applied_steps_count FROM _strata_migrations")).isEqualTo("2");
    }
  }
}

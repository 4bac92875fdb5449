package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every expected failure is one line that says what to do, with the right exit code and no
 * password.
 */
class ErrorsTest {
  @TempDir Path work;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void unreachableHostFailsFastWithExitOneAndNoPassword() throws IOException {
    new Migrations(work.resolve("migrations")).add("20240101000000_a", "SELECT 1;");
    long start = System.nanoTime();
    var result =
        Cli.run(
            work, "status", "--url", "postgresql://app:s3cret@127.0.0.1:" + closedPort() + "/app");
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("Can't reach database server at 127.0.0.1:")
        .doesNotContain("s3cret")
        .doesNotContain("\tat ");
  }

  @Test
  void unroutableHostGivesUpAfterTheConnectTimeout() {
    // 10.255.255.1 is never answered here; the connect timeout, not a hang, ends the attempt.
    long start = System.nanoTime();
    var result =
        Cli.run(
            work,
            "status",
            "--connect-timeout",
            "1",
            "--dir",
            ".",
            "--url",
            "postgresql://app@10.255.255.1:5432/app");
    assertThat(System.nanoTime() - start).isLessThan(15_000_000_000L);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("Can't reach database server");
  }

  @Test
  void missingDatabaseIsAConfigurationError() {
    new Migrations(work.resolve("migrations")).add("20240101000000_a", "SELECT 1;");
    var server = TestServers.embedded();
    // One exit code for one cause, whichever command meets it.
    for (String[] command :
        new String[][] {
          {"status"}, {"deploy"}, {"doctor"}, {"production", "--force"}, {"backup"}, {"history"}
        }) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--url", server.url("no_such_db_here")));
      var result = Cli.run(work, args.toArray(String[]::new));
      assertThat(result.exitCode())
          .as(String.join(" ", command) + ": " + result.all())
          .isEqualTo(2);
      assertThat(result.all())
          .as(command[0])
          .contains("Database `no_such_db_here` does not exist")
          .contains("createdb");
    }
  }

  @Test
  void missingMigrationsFolderIsAUsageError() {
    try (TestDatabase db = TestServers.embedded().createDatabase()) {
      var result = Cli.run(work, "deploy", "--url", db.url(), "--dir", "nowhere");
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err()).contains("nowhere").contains("does not exist");
    }
  }

  @Test
  void permissionDeniedNamesTheMigrationLineAndTheGrant() {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE owned_by_admin (id int);");
    try (TestDatabase db = TestServers.embedded().createDatabase()) {
      db.execute("CREATE TABLE owned_by_admin (id int)");
      db.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'strata_limited') THEN"
              + " CREATE ROLE strata_limited LOGIN; END IF; END $$");
      db.execute("GRANT CREATE ON SCHEMA public TO strata_limited");
      m.add("20240102000000_b", "ALTER TABLE owned_by_admin ADD COLUMN x int;");
      var url =
          "postgresql://strata_limited@"
              + db.server().host()
              + ":"
              + db.server().port()
              + "/"
              + db.name();
      Cli.run(work, "resolve", "--applied", "20240101000000_a", "--url", url);
      // The shadow run succeeds as a superuser and would stop on the lock; the privilege error
      // only happens on the target, which is what this test is about.
      var result = Cli.run(work, "deploy", "--url", url, "--review", "off");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .contains("20240102000000_b")
          .contains("migration.sql:1")
          .contains("42501")
          .contains("must be owner")
          .contains("lacks a privilege");
    }
  }

  @Test
  void wrongPasswordIsAConfigurationErrorThatNeverPrintsThePassword() throws Exception {
    new Migrations(work.resolve("migrations")).add("20240101000000_a", "SELECT 1;");
    try (TestDatabase db = TestServers.embedded().createDatabase()) {
      // The test servers trust every local user; require a password of this one user only.
      db.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'strata_pw') THEN"
              + " CREATE ROLE strata_pw LOGIN PASSWORD 'right-one'; END IF; END $$");
      java.nio.file.Path hba = java.nio.file.Path.of(db.single("SHOW hba_file"));
      String original = java.nio.file.Files.readString(hba);
      try {
        java.nio.file.Files.writeString(
            hba,
            "host all strata_pw 127.0.0.1/32 scram-sha-256\n"
                + "host all strata_pw ::1/128 scram-sha-256\n"
                + original);
        db.execute("SELECT pg_reload_conf()");
        String url =
            "postgresql://strata_pw:wrong-0ne@127.0.0.1:" + db.server().port() + "/" + db.name();
        var result = Cli.run(work, "status", "--url", url);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
            .contains("Authentication failed for user `strata_pw`")
            .doesNotContain("wrong-0ne")
            .doesNotContain("\tat ");
        String right =
            "postgresql://strata_pw:right-one@127.0.0.1:" + db.server().port() + "/" + db.name();
        assertThat(Cli.run(work, "status", "--url", right).exitCode()).isEqualTo(3);
      } finally {
        java.nio.file.Files.writeString(hba, original);
        db.execute("SELECT pg_reload_conf()");
      }
    }
  }

  @Test
  void unknownOptionIsUsageExitTwo() {
    var result = Cli.run(work, "deploy", "--no-such-option");
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void verboseShowsTheStackTraceOtherwiseNone() throws IOException {
    int port = closedPort();
    var quiet =
        Cli.run(work, "status", "--dir", ".", "--url", "postgresql://a@127.0.0.1:" + port + "/a");
    assertThat(quiet.err()).doesNotContain("\tat ");
    var verbose =
        Cli.run(
            work,
            "status",
            "--dir",
            ".",
            "--url",
            "postgresql://a@127.0.0.1:" + port + "/a",
            "--verbose");
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void jsonErrorIsOneObject() throws IOException {
    var result =
        Cli.run(
            work,
            "status",
            "--json",
            "--dir",
            ".",
            "--url",
            "postgresql://a:pw@127.0.0.1:" + closedPort() + "/a");
    assertThat(result.out())
        .startsWith("{")
        .contains("\"error\"")
        .contains("\"exitCode\" : 1")
        .doesNotContain(":pw@");
  }
}

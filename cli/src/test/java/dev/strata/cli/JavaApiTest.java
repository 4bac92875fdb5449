package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.StrataException;
import dev.strata.core.execute.MigrationFailedException;
import dev.strata.core.plan.MigrationState;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The library's front door returns records and typed failures; nothing is printed. */
class JavaApiTest {
  @TempDir Path work;

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#all")
  void deployAndStatusReturnRecords(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);");
    m.add("20240102000000_b", "CREATE TABLE b (id int);");
    try (TestDatabase db = server.createDatabase()) {
      Strata strata =
          Strata.configure().url(db.url()).workingDir(work).environment(Map.of()).load();
      assertThat(strata.status().exitCode()).isEqualTo(ExitCode.PENDING);
      var result = strata.deploy();
      assertThat(result.applied())
          .extracting(a -> a.name())
          .containsExactly("20240101000000_a", "20240102000000_b");
      var report = strata.status();
      assertThat(report.upToDate()).isTrue();
      assertThat(report.migrations()).allMatch(s -> s.state() == MigrationState.APPLIED);
      assertThat(strata.history().rows()).hasSize(2);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.strata.testkit.TestServers#all")
  void failureIsATypedExceptionWithLocationAndSqlState(TestServer server) {
    Migrations m = new Migrations(work.resolve("migrations"));
    m.add("20240101000000_a", "CREATE TABLE a (id int);\nCREATE TABLE a (id int);");
    try (TestDatabase db = server.createDatabase()) {
      Strata strata =
          Strata.configure().url(db.url()).workingDir(work).environment(Map.of()).load();
      assertThatThrownBy(strata::deploy)
          .isInstanceOfSatisfying(
              MigrationFailedException.class,
              e -> {
                assertThat(e.migrationName()).isEqualTo("20240101000000_a");
                assertThat(e.location()).endsWith("migration.sql:2");
                assertThat(e.sqlState()).contains("42P07");
              });
      assertThatThrownBy(strata::deploy)
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NEEDS_ATTENTION));
    }
  }
}

package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.config.Settings;
import dev.strata.core.connect.Connections;
import dev.strata.core.plan.StatusCheck;
import dev.strata.core.schema.Drift;
import dev.strata.core.schema.DriftCheck;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code strata status} reads the live schema ahead, while the migrations folder and the history
 * are read: a schema read ahead is trusted only if the catalog did not change after it was read.
 */
class DriftReadAheadTest {
  @TempDir Path work;

  static List<TestServer> servers(TestInfo test) {
    return TestServers.each(test);
  }

  private Connections connections(TestDatabase db, Path migrations) {
    return new Connections(
        new Settings(
            new DatabaseTarget(Optional.of(db.url()), "the test"),
            work,
            migrations,
            Optional.empty(),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Optional.empty(),
            Map.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aChangeMadeAfterTheSchemaWasReadAheadIsStillReported(TestServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      Path migrations = Migrations.copyExample("helpdesk", work.resolve("migrations"));
      assertThat(
              Cli.run(work, "deploy", "--url", db.url(), "--dir", migrations.toString()).exitCode())
          .isZero();
      Connections connections = connections(db, migrations);
      DriftCheck check = new DriftCheck(connections);
      // Read ahead on a clean schema, then changed by hand before drift is checked.
      try (DriftCheck.ReadAhead ahead = check.readAhead()) {
        ahead.close();
        db.execute("CREATE TABLE made_by_hand (id int)");
        Drift drift = check.drift(new StatusCheck(connections).report(), ahead);
        assertThat(drift.drifted()).isTrue();
        assertThat(drift.changes().orElseThrow().sql()).contains("made_by_hand");
      }
      // Read ahead on the changed schema, and nothing changed since: the same answer.
      try (DriftCheck.ReadAhead ahead = check.readAhead()) {
        Drift drift = check.drift(new StatusCheck(connections).report(), ahead);
        assertThat(drift.drifted()).isTrue();
        assertThat(drift.changes().orElseThrow().sql()).contains("made_by_hand");
      }
      // Put back while the next status reads ahead: no drift, as the catalog says now.
      db.execute("DROP TABLE made_by_hand");
      try (DriftCheck.ReadAhead ahead = check.readAhead()) {
        Drift drift = check.drift(new StatusCheck(connections).report(), ahead);
        assertThat(drift.drifted()).as(drift.toString()).isFalse();
      }
    }
  }
}

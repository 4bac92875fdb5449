package dev.strata.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs test classes that use the extension, as a build would, and looks at what they leave. */
class StrataExtensionTest {
  static StrataDatabase used;

  @StrataTest
  static class RecordsItsDatabase {
    @Test
    void works(StrataDatabase db) throws SQLException {
      used = db;
      try (Connection c = db.connect()) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  @StrataTest(locations = "classpath:db/nowhere")
  static class MissingMigrations {
    @Test
    void neverRuns() {}
  }

  @Test
  void theDatabaseIsDroppedAfterTheClass() throws Exception {
    // A server that outlives the inner run, named the way a build names one.
    try (dev.strata.embedded.EmbeddedServer server =
        dev.strata.embedded.EmbeddedServer.start(
            java.nio.file.Files.createTempDirectory("strata-junit-test-"))) {
      System.setProperty("strata.test.url", server.url());
      try {
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(RecordsItsDatabase.class))
            .execute()
            .testEvents()
            .assertStatistics(stats -> stats.succeeded(1).failed(0));
      } finally {
        System.clearProperty("strata.test.url");
      }
      assertThat(used).isNotNull();
      assertThat(used.url()).contains(":" + server.port() + "/");
      try (Connection c =
              java.sql.DriverManager.getConnection(
                  "jdbc:postgresql://localhost:" + server.port() + "/postgres", "postgres", "");
          var st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT count(*) FROM pg_database WHERE datname = '" + used.name() + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("databases named " + used.name()).isZero();
      }
    }
  }

  @Test
  void missingMigrationsFailTheClassWithStratasMessage() {
    var events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(MissingMigrations.class))
            .execute()
            .containerEvents();
    events.assertStatistics(stats -> stats.failed(1));
    assertThat(
            events.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(java.util.Optional::stream)
                .map(r -> r.getThrowable().map(Throwable::getMessage).orElse("")))
        .anyMatch(m -> m.contains("classpath:db/nowhere is not on the class path"));
  }
}

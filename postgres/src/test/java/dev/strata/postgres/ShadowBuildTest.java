package dev.strata.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.schema.Schema;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A shadow database built from a live schema, as the review starts from it. */
class ShadowBuildTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#all")
  void aLiveSchemaBuildsAnEqualOneInAScratchDatabase(TestServer server) {
    try (TestDatabase live = server.createDatabase();
        Database database = new PostgresProvider().open(live.url(), Duration.ofSeconds(10))) {
      live.execute("CREATE SCHEMA billing");
      live.execute("CREATE TYPE billing.state AS ENUM ('open', 'paid')");
      live.execute(
          "CREATE TABLE billing.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " state billing.state NOT NULL DEFAULT 'open', total numeric(12,2) CHECK (total >= 0))");
      live.execute(
          "CREATE FUNCTION billing.open_total() RETURNS numeric LANGUAGE sql AS"
              + " $$ SELECT sum(total) FROM billing.invoices WHERE state = 'open' $$");
      live.execute(
          "CREATE VIEW billing.open AS SELECT id, total FROM billing.invoices WHERE state = 'open'");
      live.execute("CREATE INDEX invoices_state ON billing.invoices (state) WHERE total > 0");
      var table = database.historyTable(Optional.empty());
      Schema schema = database.schemas().read(table);
      try (Database scratch = database.schemas().createScratch()) {
        scratch.schemas().build(schema, "the live schema");
        Schema built = scratch.schemas().read(scratch.historyTable(Optional.empty()));
        assertThat(database.schemas().compare(schema, built).changes()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#all")
  void anExtensionTheShadowServerLacksIsNamed(TestServer server) {
    Schema needsExtension =
        new Schema() {
          @Override
          public int objectCount() {
            return 1;
          }

          @Override
          public List<String> statements() {
            return List.of("CREATE EXTENSION IF NOT EXISTS strata_no_such_extension");
          }
        };
    try (TestDatabase live = server.createDatabase();
        Database database = new PostgresProvider().open(live.url(), Duration.ofSeconds(10));
        Database scratch = database.schemas().createScratch()) {
      assertThatThrownBy(() -> scratch.schemas().build(needsExtension, "the live schema"))
          .isInstanceOf(StrataException.class)
          .hasMessageStartingWith(
              "extension strata_no_such_extension is not installed on the server")
          .hasMessageContaining("PostgreSQL ");
    }
  }
}

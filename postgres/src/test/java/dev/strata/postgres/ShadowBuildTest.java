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

  /**
   * For observing migrations, the plain indexes of tables they do not name are left out (and what
   * needs them); unique ones, and every index of a named table, are built.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#all")
  void theShadowForObservingLeavesOutIndexesTheMigrationsCannotReach(TestServer server) {
    try (TestDatabase live = server.createDatabase();
        Database database = new PostgresProvider().open(live.url(), Duration.ofSeconds(10))) {
      live.execute("CREATE TABLE orders (id int PRIMARY KEY, code text, placed date)");
      live.execute("CREATE INDEX orders_placed ON orders (placed)");
      live.execute("CREATE UNIQUE INDEX orders_code ON orders (code)");
      live.execute("ALTER TABLE orders CLUSTER ON orders_placed");
      live.execute("CREATE TABLE notes (id int, body text)");
      live.execute("CREATE INDEX notes_body ON notes (body)");
      live.execute("CREATE INDEX notes_id ON notes (id)");
      Schema schema = database.schemas().read(database.historyTable(Optional.empty()));
      // The migrations name "notes" and one index of orders: nothing else.
      Schema forObserving =
          schema.forObserving(java.util.Set.of("alter", "table", "notes", "orders_code")::contains);
      assertThat(String.join("\n", forObserving.statements()))
          .contains("notes_body", "notes_id", "orders_code", "orders_pkey")
          .doesNotContain("orders_placed");
      try (Database scratch = database.schemas().createScratch()) {
        scratch.schemas().build(forObserving, "the live schema");
        Schema built = scratch.schemas().read(scratch.historyTable(Optional.empty()));
        assertThat(database.schemas().compare(built, schema).changes())
            .isNotEmpty()
            .allSatisfy(change -> assertThat(change.toString()).contains("orders_placed"));
      }
      assertThat(schema.statements()).anyMatch(s -> s.contains("orders_placed"));
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

package dev.strata.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;
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
  @MethodSource("dev.strata.testkit.TestServers#each")
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
      var table = database.historyTable(Optional.empty(), HistoryTable.strata());
      Schema schema = database.schemas().read(table);
      try (Database scratch = database.schemas().createScratch()) {
        scratch.schemas().build(schema, "the live schema");
        Schema built =
            scratch.schemas().read(scratch.historyTable(Optional.empty(), HistoryTable.strata()));
        assertThat(database.schemas().compare(schema, built).changes()).isEmpty();
      }
    }
  }

  /**
   * For observing migrations, the plain indexes of tables they do not name are left out (and what
   * needs them); unique ones, and every index of a named table, are built.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
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
      Schema schema =
          database.schemas().read(database.historyTable(Optional.empty(), HistoryTable.strata()));
      // The migrations name "notes" and one index of orders: nothing else.
      Schema forObserving =
          schema.forObserving(java.util.Set.of("alter", "table", "notes", "orders_code")::contains);
      assertThat(String.join("\n", forObserving.statements()))
          .contains("notes_body", "notes_id", "orders_code", "orders_pkey")
          .doesNotContain("orders_placed");
      try (Database scratch = database.schemas().createScratch()) {
        scratch.schemas().build(forObserving, "the live schema");
        Schema built =
            scratch.schemas().read(scratch.historyTable(Optional.empty(), HistoryTable.strata()));
        assertThat(database.schemas().compare(built, schema).changes())
            .isNotEmpty()
            .allSatisfy(change -> assertThat(change.toString()).contains("orders_placed"));
      }
      assertThat(schema.statements()).anyMatch(s -> s.contains("orders_placed"));
    }
  }

  /**
   * Only the part of the schema the migrations can reach is built: the named table, what points at
   * it (a foreign key of another table, a view), what its trigger's function writes to, and what
   * those need; an unrelated table is left out.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
  void theShadowForObservingHoldsWhatTheMigrationsReach(TestServer server) {
    try (TestDatabase live = server.createDatabase();
        Database database = new PostgresProvider().open(live.url(), Duration.ofSeconds(10))) {
      live.execute("CREATE TYPE mood AS ENUM ('ok', 'meh')");
      live.execute("CREATE TABLE owners (id int PRIMARY KEY)");
      live.execute(
          "CREATE TABLE pets (id int PRIMARY KEY, owner_id int REFERENCES owners, m mood)");
      live.execute("CREATE TABLE visits (id int PRIMARY KEY, pet_id int REFERENCES pets)");
      live.execute("CREATE VIEW pet_moods AS SELECT id, m FROM pets");
      live.execute("CREATE TABLE audit_trail (pet int, at timestamptz DEFAULT now())");
      live.execute(
          "CREATE FUNCTION note_pet() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN INSERT INTO public.audit_trail (pet) VALUES (NEW.id); RETURN NEW; END $$");
      live.execute(
          "CREATE TRIGGER pets_noted AFTER INSERT ON pets FOR EACH ROW EXECUTE FUNCTION note_pet()");
      live.execute("CREATE TABLE invoices (id int PRIMARY KEY, total numeric)");
      live.execute("CREATE SEQUENCE invoice_numbers");
      Schema schema =
          database.schemas().read(database.historyTable(Optional.empty(), HistoryTable.strata()));
      // INSERT INTO pets (id) VALUES (1)
      Schema slice =
          schema.forObserving(java.util.Set.of("insert", "into", "pets", "id", "values")::contains);
      String built = String.join("\n", slice.statements());
      assertThat(built)
          .contains("public.pets", "public.owners", "public.visits", "public.pet_moods")
          .contains("public.audit_trail", "public.mood", "pets_noted")
          .doesNotContain("public.invoices", "invoice_numbers");
      try (Database scratch = database.schemas().createScratch()) {
        scratch.schemas().build(slice, "the live schema");
        scratch.schemas().execute("INSERT INTO public.owners VALUES (7)", "test");
        scratch.schemas().execute("INSERT INTO public.pets (id, owner_id) VALUES (1, 7)", "test");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.strata.testkit.TestServers#each")
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

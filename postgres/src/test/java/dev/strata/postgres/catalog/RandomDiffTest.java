package dev.strata.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.postgres.schema.RandomSchemas;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The property behind every diff: for generated schema pairs (seeded, see {@link RandomSchemas}),
 * applying {@code diff(A, B)} to A gives a database whose diff with B is empty. A failure names the
 * seed; {@code RandomSchemas.pair(seed)} reproduces it.
 */
class RandomDiffTest {
  /** 60 seeded cases by default; all 300 with {@code STRATA_FULL_TESTS=1} (as {@code .ci/run}). */
  private static final int CASES = "1".equals(System.getenv("STRATA_FULL_TESTS")) ? 300 : 60;

  @Test
  void applyingTheDiffMakesTheSchemasEqual() throws Exception {
    DumpServer server = DumpServer.named("embedded");
    List<String> failures = new ArrayList<>();
    try (ScratchDatabase a = server.createDatabase();
        ScratchDatabase b = server.createDatabase()) {
      for (long seed = 1; seed <= CASES; seed++) {
        RandomSchemas.Pair pair = RandomSchemas.pair(seed);
        reset(a);
        reset(b);
        run(a, pair.from());
        run(b, pair.to());
        SchemaModel target = SchemaDiffTest.read(b);
        SchemaDiff diff = SchemaDiff.between(SchemaDiffTest.read(a), target);
        List<String> sql = SchemaDiffTest.statements(diff);
        try {
          SchemaDiffTest.apply(a, sql);
          SchemaDiff left = SchemaDiff.between(SchemaDiffTest.read(a), target);
          if (!left.isEmpty())
            failures.add("seed " + seed + ": left over " + SchemaDiffTest.statements(left));
        } catch (SQLException e) {
          failures.add("seed " + seed + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).as("%d of %d cases failed", failures.size(), CASES).isEmpty();
  }

  private static void reset(ScratchDatabase db) throws SQLException {
    run(db, List.of("DROP SCHEMA IF EXISTS public, app CASCADE", "CREATE SCHEMA public"));
  }

  private static void run(ScratchDatabase db, List<String> statements) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (String s : statements) st.execute(s);
    }
  }
}

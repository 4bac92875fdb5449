package dev.strata.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The extension on a test of its own: the migrations in src/test/resources/db/migrations. */
@StrataTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrataTestTest {
  private static StrataDatabase seen;

  private static String single(StrataDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  @Order(1)
  void theDatabaseHoldsTheMigratedSchema(StrataDatabase db) throws SQLException {
    seen = db;
    assertThat(db.name()).startsWith("strata_test_");
    assertThat(single(db, "SELECT count(*) FROM flyway_schema_history WHERE success"))
        .isEqualTo("2");
    assertThat(
            single(
                db,
                "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_total_idx'::regclass"))
        .isEqualTo("t");
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO orders (total) VALUES (12.50)");
    }
  }

  @Test
  @Order(2)
  void theTestsOfAClassShareIt(StrataDatabase db) throws SQLException {
    assertThat(db).isEqualTo(seen);
    assertThat(single(db, "SELECT total FROM orders")).isEqualTo("12.50");
  }

  @AfterAll
  static void stillThereUntilTheClassEnds(StrataDatabase db) throws SQLException {
    assertThat(single(db, "SELECT current_database()")).isEqualTo(db.name());
  }
}

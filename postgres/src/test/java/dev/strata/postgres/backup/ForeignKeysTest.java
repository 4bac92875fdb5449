package dev.strata.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Restore adds a foreign key once both its tables are idle: it must read both names right. */
class ForeignKeysTest {

  @Test
  void readsTheTableTheConstraintAndTheReferencedTable() {
    var key =
        ForeignKeys.deferrable(
                "ALTER TABLE ONLY public.order_items ADD CONSTRAINT order_items_order_fk"
                    + " FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE")
            .orElseThrow();
    assertThat(key.table()).isEqualTo("public.order_items");
    assertThat(key.constraint()).isEqualTo("order_items_order_fk");
    assertThat(key.referenced()).isEqualTo("public.orders");
    assertThat(key.tables()).containsExactly("public\u0000order_items", "public\u0000orders");
    assertThat(key.validate())
        .isEqualTo("ALTER TABLE ONLY public.order_items VALIDATE CONSTRAINT order_items_order_fk");
  }

  @Test
  void quotedNamesWithParenthesesAndCompositeKeys() {
    var key =
        ForeignKeys.deferrable(
                "ALTER TABLE ONLY \"Sales\".\"line (x)\" ADD CONSTRAINT \"fk \"\"a\"\"\""
                    + " FOREIGN KEY (\"order (id)\", line) REFERENCES \"Sales\".\"Order\"(\"id\", line)")
            .orElseThrow();
    assertThat(key.table()).isEqualTo("\"Sales\".\"line (x)\"");
    assertThat(key.referenced()).isEqualTo("\"Sales\".\"Order\"");
    assertThat(key.tables()).containsExactly("Sales\u0000line (x)", "Sales\u0000Order");
  }

  @Test
  void aKeyAlreadyNotValidOrAnotherStatementIsNotDeferred() {
    assertThat(
            ForeignKeys.deferrable(
                "ALTER TABLE ONLY a ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES b(id) NOT VALID"))
        .isEmpty();
    assertThat(ForeignKeys.deferrable("ALTER TABLE ONLY a ADD CONSTRAINT a_pkey PRIMARY KEY (id)"))
        .isEmpty();
  }
}

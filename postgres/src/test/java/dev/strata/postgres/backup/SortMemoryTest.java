package dev.strata.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.postgres.backup.SortMemory.LeadingKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restore sorts a btree's keys in less memory when they are text: it must find that key. */
class SortMemoryTest {

  @Test
  void readsTheLeadingColumnOfIndexesAndKeysAsPgDumpAndStrataWriteThem() {
    assertThat(
            SortMemory.leadingKey(
                "CREATE INDEX order_items_sku_idx ON public.order_items USING btree (sku)"))
        .contains(new LeadingKey("public.order_items", "sku", Optional.empty()));
    assertThat(
            SortMemory.leadingKey(
                "ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_email_key UNIQUE"
                    + " (email)"))
        .contains(new LeadingKey("public.customers", "email", Optional.empty()));
    assertThat(
            SortMemory.leadingKey(
                "ALTER TABLE ONLY public.order_items ADD CONSTRAINT order_items_pkey"
                    + " PRIMARY KEY (order_id, line_no)"))
        .contains(new LeadingKey("public.order_items", "order_id", Optional.empty()));
    assertThat(
            SortMemory.leadingKey(
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (code, n)"))
        .contains(new LeadingKey("t", "code", Optional.empty()));
    assertThat(SortMemory.leadingKey("CREATE INDEX ON t (a DESC NULLS LAST)"))
        .contains(new LeadingKey("t", "a", Optional.empty()));
  }

  @Test
  void quotedNamesAndAnExplicitCollation() {
    assertThat(
            SortMemory.leadingKey(
                "CREATE UNIQUE INDEX IF NOT EXISTS \"Idx\" ON \"Sales\".\"Line (x)\""
                    + " USING btree (\"Name\" COLLATE \"C\" DESC, id)"))
        .contains(new LeadingKey("\"Sales\".\"Line (x)\"", "Name", Optional.of("\"C\"")));
  }

  @Test
  void otherMethodsExpressionsOperatorClassesAndOtherStatementsAreNotRead() {
    assertThat(SortMemory.leadingKey("CREATE INDEX i ON t USING gin (payload jsonb_path_ops)"))
        .isEmpty();
    assertThat(SortMemory.leadingKey("CREATE INDEX i ON t USING hash (code)")).isEmpty();
    assertThat(SortMemory.leadingKey("CREATE INDEX i ON t USING btree (lower(name))")).isEmpty();
    assertThat(SortMemory.leadingKey("CREATE INDEX i ON t USING btree ((a || b))")).isEmpty();
    assertThat(SortMemory.leadingKey("CREATE INDEX i ON t USING btree (name text_pattern_ops)"))
        .isEmpty();
    assertThat(
            SortMemory.leadingKey("ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&)"))
        .isEmpty();
    assertThat(
            SortMemory.leadingKey(
                "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES b(id)"))
        .isEmpty();
    assertThat(SortMemory.leadingKey("COMMENT ON INDEX i IS 'x'")).isEmpty();
  }
}

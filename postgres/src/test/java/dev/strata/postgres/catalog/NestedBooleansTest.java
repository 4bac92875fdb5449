package dev.strata.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NestedBooleansTest {

  @Test
  void flattensAnAndNestedInAnAnd() {
    // pg_get_constraintdef of CHECK (a BETWEEN 1 AND 5 AND b <> '')
    assertThat(NestedBooleans.flatten("CHECK ((((a >= 1) AND (a <= 5)) AND (b <> ''::text)))"))
        .isEqualTo("CHECK (((a >= 1) AND (a <= 5) AND (b <> ''::text)))");
  }

  @Test
  void flattensAnOrNestedInAnOrAndLeavesAndsInsideItAlone() {
    assertThat(
            NestedBooleans.flatten(
                "CHECK ((((a = 1) AND (b = 'x'::text)) OR ((a < 1) OR (a > 2)) OR (b IS NULL)))"))
        .isEqualTo("CHECK ((((a = 1) AND (b = 'x'::text)) OR (a < 1) OR (a > 2) OR (b IS NULL)))");
  }

  @Test
  void flattensAtEveryDepth() {
    assertThat(NestedBooleans.flatten("WHERE ((((a AND b) AND c) AND d) OR e)"))
        .isEqualTo("WHERE ((a AND b AND c AND d) OR e)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "((a AND b) OR c)",
        "(NOT (a AND b) AND c)",
        "(f((a AND b), c) AND d)",
        "(x = ANY (ARRAY[1, 2]))",
        "('((a AND b) AND c)' = t.v)",
        "(\"((a AND b) AND c)\" AND d)",
        "(E'it\\'s ((a AND b) AND c)' = v)",
        "sum(x) OVER (ORDER BY y ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
        "AS $function$ SELECT ((a AND b) AND c) $function$",
        "((a AND b) AND c",
        "(a AND b)) AND c)",
      })
  void leavesEverythingElseAsItIs(String sql) {
    assertThat(NestedBooleans.flatten(sql)).isEqualTo(sql);
  }

  @Test
  void dollarSignsInNamesAndWordsEndingInEAreNotQuotes() {
    assertThat(NestedBooleans.flatten("(a$b$ AND ((c AND d) AND e))"))
        .isEqualTo("(a$b$ AND c AND d AND e)");
    assertThat(NestedBooleans.flatten("(note'x\\' AND ((c AND d) AND e))"))
        .isEqualTo("(note'x\\' AND c AND d AND e)");
  }

  @Test
  void flatteningTwiceChangesNothing() {
    String once = NestedBooleans.flatten("(((a AND (b AND c)) AND d) AND ((e OR (f OR g)) OR h))");
    assertThat(once).isEqualTo("(a AND b AND c AND d AND (e OR f OR g OR h))");
    assertThat(NestedBooleans.flatten(once)).isEqualTo(once);
  }
}

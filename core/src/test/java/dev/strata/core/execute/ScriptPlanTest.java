package dev.strata.core.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.source.Migration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plan keeps byte offsets into the file: each step's text must come back exactly. */
class ScriptPlanTest {

  @Test
  void stepTextsComeBackExactlyWhateverTheCharactersBeforeThem() {
    String script =
        "\uFEFFINSERT INTO t VALUES ('é');\n"
            + "-- 日本語 comment\nINSERT INTO t VALUES ('😀 x');\n"
            + "SELECT 'ß'";
    Migration m =
        new Migration(
            "m", Path.of("m.sql"), script.getBytes(StandardCharsets.UTF_8), Optional.empty());
    // The plan's text leaves the byte-order mark out; its offsets still point into the file.
    String text = m.sql();
    assertThat(text).doesNotStartWith("\uFEFF");
    ScriptPlan.Builder builder = ScriptPlan.builder(m, text, (s, each) -> {});
    List<String> expected =
        List.of("INSERT INTO t VALUES ('é')", "INSERT INTO t VALUES ('😀 x')", "SELECT 'ß'");
    int from = 0;
    for (String statement : expected) {
      int start = text.indexOf(statement, from);
      builder.add(start, start + statement.length(), 1, Step.Kind.ORDINARY, "");
      from = start + statement.length();
    }
    ScriptPlan plan = builder.build(List.of());
    assertThat(plan.steps().stream().map(plan::text).toList()).isEqualTo(expected);
    assertThat(plan.transactional()).isTrue();
  }

  @Test
  void aLineInsideAStepCountsItsNewlines() {
    String script = "SELECT 1;\nSELECT\n  2\n  + x;";
    Migration m =
        new Migration(
            "m", Path.of("m.sql"), script.getBytes(StandardCharsets.UTF_8), Optional.empty());
    // The plan's text leaves the byte-order mark out; its offsets still point into the file.
    String text = m.sql();
    assertThat(text).doesNotStartWith("\uFEFF");
    ScriptPlan.Builder builder = ScriptPlan.builder(m, text, (s, each) -> {});
    builder.add(0, 8, 1, Step.Kind.ORDINARY, "");
    Step second = builder.add(10, script.length() - 1, 2, Step.Kind.OUTSIDE_TRANSACTION, "why");
    ScriptPlan plan = builder.build(List.of("why (line 2)"));
    assertThat(plan.lineAt(second, plan.text(second).indexOf("x"))).isEqualTo(4);
    assertThat(plan.step(1).reason()).isEqualTo("why");
    assertThat(plan.transactional()).isFalse();
  }
}

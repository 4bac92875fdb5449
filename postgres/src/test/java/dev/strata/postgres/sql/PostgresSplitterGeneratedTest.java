package dev.strata.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.sql.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splits thousands of random scripts ({@link RandomScripts}, fixed seeds) and checks every
 * statement against what was generated: text, offset, line, words and string literals. A failure
 * names its seed: {@code new RandomScripts(seed).script()} rebuilds the script.
 */
class PostgresSplitterGeneratedTest {
  private static final int SCRIPTS = 5_000;

  private final PostgresSplitter splitter = new PostgresSplitter();

  @Test
  void randomScriptsSplitIntoTheGeneratedStatements() {
    long started = System.nanoTime();
    long splitNanos = 0;
    int statements = 0;
    for (long seed = 0; seed < SCRIPTS; seed++) {
      RandomScripts.Script script = new RandomScripts(seed).script();
      long splitStarted = System.nanoTime();
      List<SqlStatement> split = splitter.split(script.text());
      splitNanos += System.nanoTime() - splitStarted;
      List<RandomScripts.Expected> actual =
          split.stream()
              .map(
                  s ->
                      new RandomScripts.Expected(
                          s.text(), s.startOffset(), s.startLine(), s.words(), s.stringLiterals()))
              .toList();
      // AssertJ only on a mismatch: describing thousands of passing cases would dominate the run
      // time
      if (!actual.equals(script.statements())) {
        assertThat(actual)
            .as("seed %d, script:%n%s", seed, script.text())
            .containsExactlyElementsOf(script.statements());
      }
      statements += actual.size();
    }
    System.out.printf(
        "generated, split and checked %d random scripts (%d statements) in %d ms, of which splitting %d ms%n",
        SCRIPTS, statements, (System.nanoTime() - started) / 1_000_000, splitNanos / 1_000_000);
  }
}

package dev.strata.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The progress line in a history row's logs: written, read back, and told from a failure. */
class StepProgressTest {

  @Test
  void progressSurvivesTheLogsAndIsToldFromTheFailure() {
    StepProgress progress =
        StepProgress.start(4).completed("CREATE TABLE a (id int)").completed("VACUUM a");
    StepProgress flying = progress.startingOutsideTransaction();
    String logs = "Migration `m` failed at m.sql:3\nERROR: boom\n" + flying.line();

    StepProgress read = StepProgress.parse(logs).orElseThrow();
    assertThat(read).isEqualTo(flying);
    assertThat(read.inFlight()).isEqualTo(OptionalInt.of(3));
    assertThat(StepProgress.withoutProgress(logs))
        .isEqualTo("Migration `m` failed at m.sql:3\nERROR: boom");
    assertThat(StepProgress.withoutProgress(progress.line())).isEmpty();
  }

  @Test
  void aStatementsHashIgnoresItsLineEndings() {
    assertThat(StepProgress.hash("SELECT 1\r\n  FROM t"))
        .isEqualTo(StepProgress.hash("SELECT 1\n  FROM t"))
        .hasSize(8);
    assertThat(StepProgress.hash("SELECT 2")).isNotEqualTo(StepProgress.hash("SELECT 1"));
  }

  @Test
  void logsWithoutAProgressLineHaveNone() {
    assertThat(StepProgress.parse("ERROR: relation does not exist")).isEmpty();
    assertThat(StepProgress.parse(null)).isEmpty();
    assertThat(StepProgress.parse("strata-steps: garbage")).isEmpty();
  }
}

package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast and server-free: the review suite's options, output checks and report (no timing). */
class ReviewSuiteTest {

  @TempDir Path temp;

  private static final String GOOD =
      """
      {
        "observed" : true,
        "shadow" : "PostgreSQL 17.6 at embedded (.strata/postgres)",
        "sampleRows" : 0,
        "millis" : 263,
        "totals" : { "migrations" : 19, "errors" : 0, "warnings" : 2, "infos" : 1 },
        "notes" : [ ],
        "migrations" : [ ]
      }
      """;

  @Test
  void runsDefaultsToFiveAndTakesBothSpellings() {
    assertThat(ReviewOptions.parse(new String[0]).runs()).isEqualTo(5);
    assertThat(ReviewOptions.parse(new String[] {"--runs", "3"}).runs()).isEqualTo(3);
    assertThat(ReviewOptions.parse(new String[] {"--runs=7"}).runs()).isEqualTo(7);
  }

  @Test
  void badOptionsAreUsageErrorsAndHelpHasNoMessage() {
    assertThatThrownBy(() -> ReviewOptions.parse(new String[] {"--runs", "0"}))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ReviewOptions.parse(new String[] {"--runs"}))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> ReviewOptions.parse(new String[] {"--tools", "strata"}))
        .hasMessageContaining("unknown option --tools");
    assertThatThrownBy(() -> ReviewOptions.parse(new String[] {"--help"}))
        .isInstanceOf(Options.UsageException.class)
        .hasMessage(null);
  }

  @Test
  void commandUsesTheWrapperFlagsAndJson() {
    assertThat(ReviewRun.command(Path.of("/j/java"), Path.of("/r/strata.jar"), Path.of("/r/m")))
        .containsExactly(
            "/j/java",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-jar",
            "/r/strata.jar",
            "review",
            "--dir",
            "/r/m",
            "--json");
  }

  @Test
  void aRightReviewGivesItsOwnMillisAndShadow() {
    ReviewOutput o = ReviewOutput.read(0, GOOD);
    assertThat(o.problem()).isNull();
    assertThat(o.reviewMillis()).isEqualTo(263.0);
    assertThat(o.shadow()).startsWith("PostgreSQL 17.6");
  }

  @Test
  void aBrokenReviewIsAFailureWhateverItsSpeed() {
    assertThat(ReviewOutput.read(4, GOOD.replace("\"errors\" : 0", "\"errors\" : 2")).problem())
        .contains("exit code 4")
        .contains("totals.errors is 2.0");
    assertThat(
            ReviewOutput.read(0, GOOD.replace("\"observed\" : true", "\"observed\" : false"))
                .problem())
        .contains("\"observed\" is false");
    assertThat(ReviewOutput.read(0, GOOD.replace("19", "12")).problem())
        .contains("totals.migrations is 12.0, expected 19");
    assertThat(ReviewOutput.read(0, GOOD.replace("\"millis\" : 263,", "")).problem())
        .contains("no \"millis\"");
    assertThat(ReviewOutput.read(2, "Unknown command review").problem())
        .contains("exit code 2")
        .contains("not one JSON object");
  }

  @Test
  void aDataDirectoryWithoutRunningServerIsRight() throws Exception {
    Path data = Files.createDirectories(temp.resolve(".strata/postgres"));
    assertThat(ReviewRun.embeddedServerProblem(temp)).contains("no PostgreSQL data directory");
    Files.writeString(data.resolve("PG_VERSION"), "17\n");
    assertThat(ReviewRun.embeddedServerProblem(temp)).isNull();
    // a pid no process has: the server died without removing its pid file
    Files.writeString(data.resolve("postmaster.pid"), Integer.MAX_VALUE + "\n" + data + "\n");
    assertThat(ReviewRun.embeddedServerProblem(temp)).contains("not shut down cleanly");
  }

  @Test
  void goalIsTheWarmMedianStrictlyUnderFiveSeconds() {
    assertThat(report(List.of(ok(3000)), List.of(ok(1200), ok(900), ok(4000))).goalMet()).isTrue();
    assertThat(report(List.of(ok(3000)), List.of(ok(1200), ok(900), ok(4000))).warmMedian())
        .isEqualTo(1200.0);
    assertThat(report(List.of(ok(3000)), List.of(ok(5000))).goalMet()).isFalse();
    // a failed run leaves the goal unmeasured, however fast the others were
    ReviewReport failed =
        report(
            List.of(ok(3000)),
            List.of(ok(900), new ReviewRun.Outcome(10, null, null, "exit code 4")));
    assertThat(failed.goalMet()).isNull();
    assertThat(failed.failure()).isEqualTo("exit code 4");
  }

  @Test
  void tableAndJsonShowColdWarmAndTheGoal() throws IOException {
    ReviewReport report = report(List.of(ok(2150)), List.of(ok(1600), ok(1500), ok(1700)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .containsPattern("cold +1 +2\\.15 +2\\.15 +2\\.15 +250")
        .containsPattern("warm +3 +1\\.60 +1\\.50 +1\\.70 +250")
        .containsPattern("warm median +1\\.60 s +goal < 5\\.00 s +met")
        .contains("note: a note");
    Path file = temp.resolve("out/review.json");
    report.writeJson(file);
    assertThat(Files.readString(file))
        .contains("\"runsMs\": [1600.000, 1500.000, 1700.000]")
        .contains("\"valueMs\": 1600.000")
        .contains("\"met\": true")
        .contains("\"failure\": null");
  }

  private static ReviewRun.Outcome ok(double millis) {
    return new ReviewRun.Outcome(millis, 250.0, "PostgreSQL 17.6 at embedded", null);
  }

  private static ReviewReport report(List<ReviewRun.Outcome> cold, List<ReviewRun.Outcome> warm) {
    return new ReviewReport(
        new Report.Machine(2, "cpu", "4 GiB RAM", "Linux", "java 17", "embedded", "not used"),
        "java -jar strata.jar review --json",
        warm.size(),
        cold,
        warm,
        List.of("a note"));
  }
}

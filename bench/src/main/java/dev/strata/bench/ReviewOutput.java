package dev.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one {@code strata review --json} process said, and whether it is a review worth timing: exit
 * 0, every example migration reviewed, observed on a shadow database (not only the text rules), no
 * error. A broken review must not produce a fast figure.
 *
 * @param problem null when the review is right, else everything wrong with it
 * @param reviewMillis the review's own {@code millis} (inside the JVM, after start-up)
 * @param shadow where strata says it observed the migrations ({@code "shadow"})
 */
record ReviewOutput(String problem, Double reviewMillis, String shadow) {

  static ReviewOutput read(int exitCode, String stdout) {
    List<String> problems = new ArrayList<>();
    if (exitCode != 0) {
      problems.add("exit code " + exitCode);
    }
    Object value;
    try {
      value = JsonReader.parse(stdout);
    } catch (JsonReader.JsonException e) {
      problems.add("stdout is not one JSON object (" + e.getMessage() + ")");
      return new ReviewOutput(String.join("; ", problems), null, null);
    }
    if (!(value instanceof Map<?, ?> root)) {
      problems.add("stdout is JSON but not an object");
      return new ReviewOutput(String.join("; ", problems), null, null);
    }
    if (!Boolean.TRUE.equals(root.get("observed"))) {
      problems.add(
          "\"observed\" is "
              + root.get("observed")
              + ", not true: nothing ran on a shadow database");
    }
    Map<?, ?> totals = root.get("totals") instanceof Map<?, ?> t ? t : Map.of();
    if (!(totals.get("migrations") instanceof Double migrations)
        || migrations != ReviewRun.EXPECTED_MIGRATIONS) {
      problems.add(
          "totals.migrations is "
              + totals.get("migrations")
              + ", expected "
              + ReviewRun.EXPECTED_MIGRATIONS);
    }
    if (!(totals.get("errors") instanceof Double errors) || errors != 0) {
      problems.add("totals.errors is " + totals.get("errors") + ", expected 0");
    }
    Double millis = root.get("millis") instanceof Double m ? m : null;
    if (millis == null) {
      problems.add("no \"millis\" in the output");
    }
    return new ReviewOutput(
        problems.isEmpty() ? null : String.join("; ", problems),
        millis,
        root.get("shadow") instanceof String s ? s : null);
  }
}

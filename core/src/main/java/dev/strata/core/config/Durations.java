package dev.strata.core.config;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 500ms}, {@code 5s}, {@code 2min}, {@code 1h}; a bare number
 * is seconds. The CLI's options and the Maven plugin's parameters read them alike.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|sec|m|min|h)?");

  private Durations() {}

  public static Optional<Duration> parse(String option, String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    Matcher m = FORM.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new StrataException(
          ExitCode.USAGE,
          option + " " + text + " is not a duration: write it as 500ms, 5s, 2min or 1h.");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m", "min" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        });
  }

  /** {@code 850 ms}, {@code 1.2 s}: how long something took, for people. */
  public static String format(long millis) {
    if (millis < 1000) return millis + " ms";
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}

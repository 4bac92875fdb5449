package dev.strata.core.source;

import java.util.Map;

/**
 * {@code ${key}} in a script replaced by a value given with {@code --placeholder key=value} (or
 * {@code STRATA_PLACEHOLDER_key}), as Flyway's placeholders are, but only the keys given: an
 * ordinary {@code ${...}} in SQL (a dollar-quoted body, a template in a string) stays as written,
 * where Flyway would stop on it.
 */
public final class Placeholders {
  private Placeholders() {}

  public static String replace(String text, Map<String, String> values) {
    if (values.isEmpty() || text.indexOf("${") < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (true) {
      int open = text.indexOf("${", i);
      if (open < 0) break;
      int close = text.indexOf('}', open + 2);
      if (close < 0) break;
      String value = values.get(text.substring(open + 2, close));
      if (value == null) {
        out.append(text, i, open + 2);
        i = open + 2;
        continue;
      }
      out.append(text, i, open).append(value);
      i = close + 1;
    }
    return out.append(text, i, text.length()).toString();
  }

  /**
   * Parses {@code key=value}.
   *
   * @throws IllegalArgumentException when there is no {@code =} or the key is empty or holds a
   *     {@code }}
   */
  public static Map.Entry<String, String> parse(String option) {
    int eq = option.indexOf('=');
    String key = eq < 0 ? "" : option.substring(0, eq);
    if (key.isEmpty() || key.contains("}") || key.contains("${"))
      throw new IllegalArgumentException(
          "--placeholder takes key=value (for example --placeholder schema=app), not `"
              + option
              + "`");
    return Map.entry(key, option.substring(eq + 1));
  }
}

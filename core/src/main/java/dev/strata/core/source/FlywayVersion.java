package dev.strata.core.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A Flyway version ({@code 1}, {@code 1.2}, {@code 2_1}, {@code 20240101.1}), compared as Flyway
 * compares them: {@code _} is a {@code .}, each part is a number, and missing trailing parts count
 * as zero, so {@code 1} and {@code 1.0} are the same version.
 */
public record FlywayVersion(String text, List<BigInteger> parts)
    implements Comparable<FlywayVersion> {

  public FlywayVersion {
    parts = List.copyOf(parts);
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not a Flyway version
   */
  public static FlywayVersion parse(String text) {
    String normalized = text.replace('_', '.');
    if (normalized.isEmpty()
        || normalized.startsWith(".")
        || normalized.endsWith(".")
        || normalized.contains("..")) {
      throw new IllegalArgumentException("not a version: " + text);
    }
    List<BigInteger> parts = new ArrayList<>();
    for (String part : normalized.split("\\.")) {
      if (!part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not a version: " + text);
      }
      parts.add(new BigInteger(part));
    }
    return new FlywayVersion(text, parts);
  }

  @Override
  public int compareTo(FlywayVersion other) {
    int n = Math.max(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
      BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
      int c = a.compareTo(b);
      if (c != 0) return c;
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlywayVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int last = parts.size();
    while (last > 0 && parts.get(last - 1).signum() == 0) last--;
    return parts.subList(0, last).hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.strata.core.review;

/** How much a finding matters; an {@link #ERROR} stops {@code deploy} unless allowed. */
public enum Level {
  ERROR,
  WARNING,
  INFO;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

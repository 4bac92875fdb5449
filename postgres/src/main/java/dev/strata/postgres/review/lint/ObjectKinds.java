package dev.strata.postgres.review.lint;

import java.util.Set;

/** Object kinds that PostgreSQL names with two words in CREATE and DROP. */
final class ObjectKinds {
  private static final Set<String> FIRST_OF_TWO =
      Set.of("MATERIALIZED", "FOREIGN", "EVENT", "ACCESS", "USER", "TEXT");

  private ObjectKinds() {}

  /** True if {@code first} and {@code second} together name one kind, e.g. MATERIALIZED VIEW. */
  static boolean twoWords(String first, String second) {
    if (second.isEmpty()) return false;
    if (first.equals("OPERATOR")) return second.equals("CLASS") || second.equals("FAMILY");
    return FIRST_OF_TWO.contains(first);
  }
}

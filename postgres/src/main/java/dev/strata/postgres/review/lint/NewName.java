package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens.Name;

/** Names the fixes suggest for helper objects, derived from an existing name. */
final class NewName {
  private NewName() {}

  /** {@code subject} and {@code new} give {@code subject_new}, quoted if the name needs it. */
  static String of(Name base, String suffix) {
    return Name.quoteIfNeeded(base.last() + "_" + suffix);
  }
}

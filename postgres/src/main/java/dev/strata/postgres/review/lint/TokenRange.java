package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;

/**
 * The tokens {@code [from, to)} of a statement: one clause, such as one action of an ALTER TABLE.
 * Searches look at the clause's own level only, never inside parentheses, so {@code NOT VALID}
 * inside a CHECK expression's string or sub-expression is not mistaken for the clause's.
 */
record TokenRange(StatementTokens tokens, int from, int to) {

  /** Where these consecutive bare words start, outside parentheses; -1 if nowhere. */
  int find(String... words) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      if (tokens.isOpenParen(i)) depth++;
      else if (tokens.isCloseParen(i)) depth = Math.max(0, depth - 1);
      else if (depth == 0 && tokens.isWords(i, words)) return i;
    }
    return -1;
  }

  boolean has(String... words) {
    return find(words) >= 0;
  }

  String text() {
    return tokens.text(from, to);
  }
}

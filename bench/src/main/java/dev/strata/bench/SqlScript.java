package dev.strata.bench;

/**
 * Accumulates the text of one migration and counts its statements, so the generator can keep each
 * migration within the 1–30 statement budget.
 */
final class SqlScript {

  static final int MAX_STATEMENTS = 30;

  private final StringBuilder sql = new StringBuilder();
  private int statements;

  void comment(String text) {
    sql.append("-- ").append(text).append('\n');
  }

  void blockComment(String... lines) {
    sql.append("/*\n");
    for (String line : lines) {
      sql.append(" * ").append(line).append('\n');
    }
    sql.append(" */\n");
  }

  void statement(String text) {
    sql.append(text).append(";\n\n");
    statements++;
  }

  /** Is there room for {@code count} more statements? */
  boolean hasRoom(int count) {
    return statements + count <= MAX_STATEMENTS;
  }

  int statements() {
    return statements;
  }

  String text() {
    // one trailing newline, whatever the last element was
    return sql.toString().stripTrailing() + "\n";
  }
}

package dev.strata.postgres;

import dev.strata.core.execute.ScriptPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * One simple-protocol message: statements joined into one text, remembering where each begins, so
 * that the count of statements the server completed, or an error's position, names the statement
 * that failed. A script's steps are sent as written, each followed by a line with its semicolon (a
 * step may end in a {@code --} comment).
 */
final class ScriptMessage {
  /** Past these, a message is cut (at a statement): the server parses a whole message at once. */
  static final int MAX_CHARS = 1 << 20;

  static final int MAX_STATEMENTS = 2_000;

  /** A statement of the message: a script's step, or one of ours. */
  record Entry(int offset, int length, ScriptPlan plan, int step, String where) {
    boolean isStep() {
      return plan != null;
    }
  }

  private final StringBuilder text = new StringBuilder();
  private final List<Entry> entries = new ArrayList<>();
  private final int prefixLength;

  /**
   * @param tag what pg_stat_activity shows first for this message, so others can tell
   */
  ScriptMessage(String tag) {
    if (!tag.isEmpty()) text.append("/* ").append(tag.replace("*/", "* /")).append(" */ ");
    prefixLength = text.length();
  }

  /** One of our statements; {@code where} says what it was, for a failure message. */
  void ours(String sql, String where) {
    entries.add(new Entry(text.length(), sql.length(), null, -1, where));
    text.append(sql).append(";\n");
  }

  void step(ScriptPlan plan, int index) {
    String statement = plan.text(plan.step(index));
    entries.add(new Entry(text.length(), statement.length(), plan, index, ""));
    text.append(statement).append("\n;\n");
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  boolean full() {
    return text.length() - prefixLength >= MAX_CHARS || entries.size() >= MAX_STATEMENTS;
  }

  String text() {
    return text.toString();
  }

  List<Entry> entries() {
    return entries;
  }

  /**
   * The statement that failed: the one holding the error's position when the server gave one
   * (1-based, in characters), else the one after those the server completed.
   */
  Entry failed(int position, int completed) {
    if (position > 0) {
      int offset = position - 1;
      for (int i = entries.size() - 1; i >= 0; i--) {
        if (entries.get(i).offset() <= offset) return entries.get(i);
      }
    }
    return entries.get(Math.min(Math.max(completed, 0), entries.size() - 1));
  }

  /** The 0-based position inside the entry's own text of a 1-based message position. */
  int positionIn(Entry entry, int position) {
    return position - 1 - entry.offset();
  }
}

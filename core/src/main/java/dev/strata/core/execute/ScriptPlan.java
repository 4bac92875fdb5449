package dev.strata.core.execute;

import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a migration will run, decided from its statements before anything runs: its steps, and
 * whether it can run in one transaction of ours.
 *
 * <p>The plan keeps the script once and each step as offsets into it. The full statements (words,
 * literals) that the review and the checks read are split again on request, so a plan of a very
 * large script costs a few bytes per statement while it runs.
 */
public final class ScriptPlan {
  private final Migration migration;
  private final String script;
  private final List<Step> steps;
  private final List<String> stepwiseReasons;
  private final Function<String, List<SqlStatement>> splitter;

  /**
   * @param script the migration's text, decoded
   * @param steps its statements in order
   * @param stepwiseReasons why it must run statement by statement (a statement that cannot run in a
   *     transaction block, or its own BEGIN/COMMIT), each with its line; empty when it runs in one
   *     transaction
   * @param splitter the dialect's splitter, for {@link #statements()}
   */
  public ScriptPlan(
      Migration migration,
      String script,
      List<Step> steps,
      List<String> stepwiseReasons,
      Function<String, List<SqlStatement>> splitter) {
    this.migration = Objects.requireNonNull(migration, "migration");
    this.script = Objects.requireNonNull(script, "script");
    this.steps = List.copyOf(steps);
    this.stepwiseReasons = List.copyOf(stepwiseReasons);
    this.splitter = Objects.requireNonNull(splitter, "splitter");
  }

  public Migration migration() {
    return migration;
  }

  public String script() {
    return script;
  }

  public List<Step> steps() {
    return steps;
  }

  public int size() {
    return steps.size();
  }

  public Step step(int index) {
    return steps.get(index);
  }

  /** The text of one step, as written, without its terminating semicolon. */
  public String text(Step step) {
    return script.substring(step.start(), step.end());
  }

  public List<String> stepwiseReasons() {
    return stepwiseReasons;
  }

  public boolean transactional() {
    return stepwiseReasons.isEmpty();
  }

  /** The script's statements with their words and literals, split again on each call. */
  public List<SqlStatement> statements() {
    return splitter.apply(script);
  }

  /** The 1-based script line of a 0-based position inside a step's text. */
  public int lineAt(Step step, int positionInText) {
    int line = step.line();
    int end = Math.min(step.start() + Math.max(0, positionInText), step.end());
    for (int i = step.start(); i < end; i++) if (script.charAt(i) == '\n') line++;
    return line;
  }

  @Override
  public String toString() {
    return migration.name() + " (" + steps.size() + " statements)";
  }
}

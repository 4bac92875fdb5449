package dev.strata.core.execute;

import java.util.Objects;
import java.util.Optional;

/**
 * A statement the server refused, as a dialect classifies it for core: what kind of failure it is,
 * the server's words, and where it happened when it was one of the script's steps.
 */
public final class StatementFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What core does about it. */
  public enum Kind {
    /** A lock wait timed out (or a deadlock was broken): the transaction did nothing; may retry. */
    LOCK_TIMEOUT,
    /** The connection is gone: nothing more can be sent or recorded on it. */
    CONNECTION_LOST,
    /** The statement was cancelled: by us on Ctrl-C, or by the statement timeout. */
    CANCELLED,
    /** The statement cannot run inside a transaction block, which the text did not show. */
    MUST_RUN_ALONE,
    /** Anything else: the statement's own error. */
    OTHER
  }

  private final Kind kind;
  private final transient Optional<String> sqlState;
  private final String serverMessage;
  private final transient Optional<ScriptPlan> plan;
  private final int step;
  private final int line;
  private final String where;

  /** A failure in one of the script's steps. */
  public StatementFailure(
      Kind kind,
      Optional<String> sqlState,
      String serverMessage,
      ScriptPlan plan,
      int step,
      int line,
      Throwable cause) {
    this(kind, sqlState, serverMessage, Optional.of(plan), step, line, "", cause);
  }

  /**
   * A failure in a statement of ours ({@code where}: "when its transaction committed", "while
   * recording it in the history table").
   */
  public StatementFailure(
      Kind kind, Optional<String> sqlState, String serverMessage, String where, Throwable cause) {
    this(kind, sqlState, serverMessage, Optional.empty(), -1, 0, where, cause);
  }

  /**
   * @param plan the plan whose step failed, empty when it was one of our own statements
   * @param step the 0-based step that failed, or -1
   * @param line the 1-based script line of the error, or 0 when not known
   */
  private StatementFailure(
      Kind kind,
      Optional<String> sqlState,
      String serverMessage,
      Optional<ScriptPlan> plan,
      int step,
      int line,
      String where,
      Throwable cause) {
    super(serverMessage, cause);
    this.where = Objects.requireNonNull(where, "where");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
    this.serverMessage = Objects.requireNonNull(serverMessage, "serverMessage");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.step = step;
    this.line = line;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<String> sqlState() {
    return sqlState;
  }

  /** The server's message, e.g. {@code ERROR: relation "x" does not exist}. */
  public String serverMessage() {
    return serverMessage;
  }

  public Optional<ScriptPlan> plan() {
    return plan;
  }

  public int step() {
    return step;
  }

  public int line() {
    return line;
  }

  /** For a failure outside the script's steps, when it happened; else empty. */
  public String where() {
    return where;
  }

  /** True when the failure was in step {@code index} of {@code of}. */
  public boolean inStep(ScriptPlan of, int index) {
    return plan.isPresent() && plan.get() == of && step == index;
  }
}

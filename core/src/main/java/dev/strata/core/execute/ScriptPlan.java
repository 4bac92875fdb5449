package dev.strata.core.execute;

import dev.strata.core.source.Migration;
import dev.strata.core.sql.SqlStatement;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a migration will run, decided from its statements before anything runs: its steps, and
 * whether it can run in one transaction of ours.
 *
 * <p>Small whatever the script's size: each step is a few integers (where its bytes are in the
 * migration's file content, its line, its kind), and its text is decoded from the file's bytes when
 * it is sent. The decoded script and the full statements (words, literals) that the review and the
 * checks read are made again on request. A plan of a 50 MB script of half a million statements
 * costs the file itself and about 7 MB.
 */
public final class ScriptPlan {
  private final Migration migration;
  private final byte[] content;
  private final int[] starts;
  private final int[] ends;
  private final int[] lines;
  private final byte[] kinds;
  private final Map<Integer, String> reasons;
  private final List<String> stepwiseReasons;
  private final Splitter splitter;

  private ScriptPlan(Builder b, List<String> stepwiseReasons) {
    this.migration = b.migration;
    this.content = b.bytes;
    this.starts = Arrays.copyOf(b.starts, b.size);
    this.ends = Arrays.copyOf(b.ends, b.size);
    this.lines = Arrays.copyOf(b.lines, b.size);
    this.kinds = Arrays.copyOf(b.kinds, b.size);
    this.reasons = Map.copyOf(b.reasons);
    this.stepwiseReasons = List.copyOf(stepwiseReasons);
    this.splitter = b.splitter;
  }

  /**
   * Collects the steps of {@code migration}, whose decoded text is {@code script}.
   *
   * @param splitter the dialect's splitter, for {@link #statements()}
   */
  public static Builder builder(Migration migration, String script, Splitter splitter) {
    return new Builder(migration, script, splitter);
  }

  public Migration migration() {
    return migration;
  }

  /** The whole script, decoded again from the file's bytes. */
  public String script() {
    return migration.sql();
  }

  public int size() {
    return starts.length;
  }

  public Step step(int index) {
    Step.Kind kind = Step.Kind.values()[kinds[index]];
    return new Step(index, lines[index], kind, reasons.getOrDefault(index, ""));
  }

  /** Every step, made on demand. */
  public List<Step> steps() {
    return new AbstractList<>() {
      @Override
      public Step get(int index) {
        return step(index);
      }

      @Override
      public int size() {
        return starts.length;
      }
    };
  }

  /** The text of one step, as written, without its terminating semicolon. */
  public String text(Step step) {
    int i = step.index();
    return new String(content, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  public List<String> stepwiseReasons() {
    return stepwiseReasons;
  }

  public boolean transactional() {
    return stepwiseReasons.isEmpty();
  }

  /** The script's statements with their words and literals, split again on each call. */
  public List<SqlStatement> statements() {
    List<SqlStatement> statements = new ArrayList<>(size());
    splitter.split(script(), statements::add);
    return statements;
  }

  /**
   * Hands each statement to {@code each} as it is split, without holding them all: for readers of
   * very large scripts.
   */
  public void forEachStatement(Consumer<SqlStatement> each) {
    splitter.split(script(), each);
  }

  /** The 1-based script line of a 0-based position inside a step's text. */
  public int lineAt(Step step, int positionInText) {
    String text = text(step);
    int line = step.line();
    int end = Math.min(Math.max(0, positionInText), text.length());
    for (int i = 0; i < end; i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  @Override
  public String toString() {
    return migration.name() + " (" + size() + " statements)";
  }

  /** The dialect's splitter, streaming. */
  public interface Splitter {
    void split(String script, Consumer<SqlStatement> each);
  }

  /**
   * Collects steps in script order, turning the splitter's char offsets into byte offsets of the
   * file as it goes (one pass over the script in all).
   */
  public static final class Builder {
    private final Migration migration;
    private final String script;
    private final Splitter splitter;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] lines = new int[16];
    private byte[] kinds = new byte[16];
    private final Map<Integer, String> reasons = new HashMap<>();
    private int size;
    private int charAt;
    private int byteAt;
    private final byte[] bytes;

    private Builder(Migration migration, String script, Splitter splitter) {
      this.migration = Objects.requireNonNull(migration, "migration");
      this.script = Objects.requireNonNull(script, "script");
      this.splitter = Objects.requireNonNull(splitter, "splitter");
      this.bytes = migration.runnable();
      this.byteAt = Migration.textStart(bytes);
    }

    /**
     * Adds the next step: its text is {@code script[charStart, charEnd)}.
     *
     * @return the step added
     */
    public Step add(int charStart, int charEnd, int line, Step.Kind kind, String reason) {
      if (size == starts.length) {
        int capacity = size * 2;
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        lines = Arrays.copyOf(lines, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
      }
      starts[size] = byteOffset(charStart);
      ends[size] = byteOffset(charEnd);
      lines[size] = line;
      kinds[size] = (byte) kind.ordinal();
      if (!reason.isEmpty()) reasons.put(size, reason);
      return new Step(size++, line, kind, reason);
    }

    public ScriptPlan build(List<String> stepwiseReasons) {
      return new ScriptPlan(this, stepwiseReasons);
    }

    /** Bytes of UTF-8 before char {@code offset}; offsets come in increasing order. */
    private int byteOffset(int offset) {
      if (offset < charAt) throw new IllegalArgumentException("steps out of order at " + offset);
      for (; charAt < offset; charAt++) {
        char c = script.charAt(charAt);
        // A surrogate pair is 4 bytes: 2 for each half.
        byteAt += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
      return byteAt;
    }
  }
}

package dev.strata.core.review;

import java.util.Objects;

/**
 * One thing the review found in one migration.
 *
 * @param code stable identifier, e.g. {@code index-not-concurrent}: what {@code --allow-hazards}
 *     names
 * @param level how much it matters
 * @param evidence read from the migration's text, or seen when it ran on a shadow database
 * @param concern which of the guide's review questions it answers
 * @param migration the migration's name
 * @param file the script, as a user would type its path
 * @param line 1-based line of the statement in {@code file}; 0 when the finding is about the whole
 *     migration
 * @param summary what happens, in one sentence naming the objects
 * @param why why it matters in production
 * @param fix the safe rewrite; empty when there is nothing to change
 * @param also other questions it answers: a dropped column loses data and breaks running code
 */
public record Finding(
    String code,
    Level level,
    Evidence evidence,
    Concern concern,
    String migration,
    String file,
    int line,
    String summary,
    String why,
    String fix,
    java.util.Set<Concern> also) {

  public Finding(
      String code,
      Level level,
      Evidence evidence,
      Concern concern,
      String migration,
      String file,
      int line,
      String summary,
      String why,
      String fix) {
    this(
        code,
        level,
        evidence,
        concern,
        migration,
        file,
        line,
        summary,
        why,
        fix,
        java.util.Set.of());
  }

  public Finding {
    also = java.util.Set.copyOf(also);
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(concern, "concern");
    Objects.requireNonNull(migration, "migration");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(fix, "fix");
  }

  /** Where the finding came from. */
  public enum Evidence {
    /** The migration's text, read by the dialect's lexer. */
    STATIC,
    /** What the migration did when it ran on a shadow database. */
    OBSERVED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The guide's review questions ("Migration Review"), and what failing on a shadow means. */
  public enum Concern {
    /** A lock that blocks the application's reads or writes. */
    LOCKS,
    /** Rows or columns removed. */
    DATA_LOSS,
    /** Code running against the old schema breaks (rename, drop, type change). */
    COMPATIBILITY,
    /** Running the migration twice fails (no IF [NOT] EXISTS). */
    IDEMPOTENCE,
    /** No way back but a restore (no down.sql). */
    REVERSIBILITY,
    /** The migration failed on the shadow database. */
    FAILURE
  }

  /** Whether it answers {@code question}, first or {@link #also}. */
  public boolean answers(Concern question) {
    return concern == question || also.contains(question);
  }

  /** The same finding, answering {@code question} too. */
  public Finding alsoAnswering(Concern question) {
    java.util.Set<Concern> more = new java.util.HashSet<>(also);
    more.add(question);
    return new Finding(
        code, level, evidence, concern, migration, file, line, summary, why, fix, more);
  }

  /** {@code file:line}, or the file alone for whole-migration findings. */
  public String location() {
    return line > 0 ? file + ":" + line : file;
  }
}

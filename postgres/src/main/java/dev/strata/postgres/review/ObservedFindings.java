package dev.strata.postgres.review;

import dev.strata.core.review.CommonFindings;
import dev.strata.core.review.DataAtRisk;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.LockTaken;
import dev.strata.core.review.Observation;
import dev.strata.core.review.ObservedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a migration did on the shadow database into findings: a lock that stops the
 * application on a table it uses, a rewrite, data that disappeared, a failure. Locks on tables the
 * same batch creates are listed in the observation but are not findings: nothing uses them yet.
 */
final class ObservedFindings {
  /** A statement faster than this on the shadow database holds its lock only briefly. */
  private static final long BRIEF_MILLIS = 1000;

  private ObservedFindings() {}

  static List<Finding> of(String migration, String file, Observation observation) {
    List<Finding> findings = new ArrayList<>();
    for (ObservedStatement s : observation.statements()) {
      for (LockTaken lock : s.locks()) {
        if (lock.preExisting()) lockFinding(migration, file, s, lock).ifPresent(findings::add);
      }
      for (String table : s.rewritten()) {
        findings.add(
            finding(
                "table-rewrite",
                Level.ERROR,
                Finding.Concern.LOCKS,
                migration,
                file,
                s,
                "rewrote table " + table + " (every row copied to a new file) in " + took(s),
                "The rewrite holds ACCESS EXCLUSIVE for as long as copying the whole table takes:"
                    + " on a big table, minutes in which no query can read or write it.",
                "Avoid the rewrite: add the column without a volatile default and backfill in"
                    + " batches; for a type change, add a new column, backfill, switch, drop."));
      }
      for (DataAtRisk lost : s.dropped())
        findings.add(CommonFindings.dataLoss(migration, file, s.line(), lost));
      if (s.outsideTransaction() && s.writesContinued()) {
        findings.add(
            finding(
                "writes-not-blocked",
                Level.INFO,
                Finding.Concern.LOCKS,
                migration,
                file,
                s,
                "ran outside a transaction; a writer holding ROW EXCLUSIVE on the tables in use"
                    + " kept its lock while it ran: writes are not blocked",
                "Statements like CREATE INDEX CONCURRENTLY wait for running transactions instead"
                    + " of blocking them.",
                ""));
      }
    }
    observation
        .stopped()
        .ifPresent(why -> findings.add(CommonFindings.incomplete(migration, file, why)));
    observation
        .failure()
        .ifPresent(error -> findings.add(CommonFindings.failure(migration, file, error)));
    return findings;
  }

  private static java.util.Optional<Finding> lockFinding(
      String migration, String file, ObservedStatement s, LockTaken lock) {
    if (lock.blocksReads()) {
      boolean bounded = s.lockWaitLimited();
      return java.util.Optional.of(
          finding(
              "access-exclusive-lock",
              bounded ? Level.WARNING : Level.ERROR,
              Finding.Concern.LOCKS,
              migration,
              file,
              s,
              "took ACCESS EXCLUSIVE on table "
                  + lock.table()
                  + ", which is in use"
                  + (bounded
                      ? " (lock_timeout " + s.lockTimeout() + ")"
                      : ", with no lock_timeout"),
              bounded
                  ? "Reads and writes of the table wait until the migration commits; lock_timeout"
                      + " bounds how long the migration queues for the lock."
                  : "It waits behind any running query on the table, and every query behind it"
                      + " waits too: the application stalls until the migration commits.",
              bounded
                  ? "Keep the transaction short: no backfills or slow statements after this one."
                  : "Start the migration with SET lock_timeout = '5s'; (or deploy with"
                      + " --lock-timeout 5s --retries 3), and keep the transaction short."));
    }
    if (lock.blocksWrites()) {
      // Held briefly with a bounded wait (a foreign key to a new table, a trigger), the lock costs
      // writers a moment; unbounded, it can queue them all behind one long transaction.
      boolean brief = s.lockWaitLimited() && s.millis() < BRIEF_MILLIS;
      return java.util.Optional.of(
          finding(
              "blocks-writes",
              brief ? Level.INFO : Level.WARNING,
              Finding.Concern.LOCKS,
              migration,
              file,
              s,
              "took " + lock.mode() + " on table " + lock.table() + ", which is in use",
              "INSERT, UPDATE and DELETE on the table wait until the migration commits ("
                  + took(s)
                  + " on the shadow database).",
              "Use the form that does not block writes: CREATE INDEX CONCURRENTLY, constraints"
                  + " added NOT VALID then validated."));
    }
    return java.util.Optional.empty();
  }

  private static Finding finding(
      String code,
      Level level,
      Finding.Concern concern,
      String migration,
      String file,
      ObservedStatement s,
      String summary,
      String why,
      String fix) {
    return new Finding(
        code,
        level,
        Finding.Evidence.OBSERVED,
        concern,
        migration,
        file,
        s.line(),
        summary,
        why,
        fix);
  }

  private static String took(ObservedStatement s) {
    return s.millis() + " ms";
  }
}

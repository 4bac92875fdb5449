package dev.strata.mysql.review;

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
 * What the observation of a migration on a shadow database means on MySQL and MariaDB. The lock
 * named is the one the server needed for the change (the {@code ALGORITHM}/{@code LOCK} clause it
 * accepted), held for as long as the change takes on the target's rows: on the shadow's empty
 * tables it took no time, so the time is the target's size, not the shadow's milliseconds.
 */
final class ObservedFindings {
  private ObservedFindings() {}

  static List<Finding> of(String migration, String file, Observation observation) {
    List<Finding> findings = new ArrayList<>();
    for (ObservedStatement s : observation.statements()) {
      for (LockTaken lock : s.locks()) {
        boolean rebuilt = s.rewritten().contains(lock.table());
        if (lock.blocksWrites()) findings.add(locked(migration, file, s, lock, rebuilt));
        else if (rebuilt) findings.add(onlineRebuild(migration, file, s, lock));
      }
      for (DataAtRisk lost : s.dropped()) {
        findings.add(CommonFindings.dataLoss(migration, file, s.line(), lost));
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

  private static Finding locked(
      String migration, String file, ObservedStatement s, LockTaken lock, boolean rebuilt) {
    String t = lock.table();
    String blocked = lock.blocksReads() ? "reads and writes of " + t : "writes to " + t;
    String code =
        rebuilt ? "table-rewrite" : lock.blocksReads() ? "exclusive-lock" : "blocks-writes";
    Level level = rebuilt || lock.blocksReads() ? Level.ERROR : Level.WARNING;
    return finding(
        code,
        level,
        migration,
        file,
        s,
        (rebuilt ? "copies every row of table " : "locks table ")
            + t
            + ", which is in use ("
            + lock.mode()
            + ")",
        "While it runs, "
            + blocked
            + " wait"
            + (rebuilt
                ? ", for as long as copying the whole table and rebuilding its indexes takes:"
                    + " on a big table, minutes."
                : ", for as long as the change takes on the table's rows."),
        rebuilt
            ? "Avoid the copy: add a new column instead of changing one's type, backfill it in"
                + " batches, switch, drop the old one later; or run the change with an online"
                + " schema-change tool (pt-online-schema-change, gh-ost)."
            : "Split the change so each part is online (ALGORITHM=INSTANT or LOCK=NONE), or run"
                + " it when the table is quiet.");
  }

  private static Finding onlineRebuild(
      String migration, String file, ObservedStatement s, LockTaken lock) {
    return finding(
        "online-rebuild",
        Level.WARNING,
        migration,
        file,
        s,
        "rebuilds table " + lock.table() + " in place (" + lock.mode() + ")",
        "Reads and writes go on, but the rebuild reads and writes the whole table, and every write"
            + " made meanwhile is logged and replayed at the end under a brief exclusive lock:"
            + " on a big, busy table, long I/O and a stall at the end (the change fails if the"
            + " log outgrows innodb_online_alter_log_max_size).",
        "Run it when the table is quiet, or make it a change the server does INSTANT (adding a"
            + " column, say, rather than reordering or retyping one).");
  }

  private static Finding finding(
      String code,
      Level level,
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
        Finding.Concern.LOCKS,
        migration,
        file,
        s.line(),
        summary,
        why,
        fix);
  }
}

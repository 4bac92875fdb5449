package dev.strata.mysql.review;

import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.CommonFindings;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.core.sql.SqlStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The review's rules on a migration's text, with the same stable codes as PostgreSQL's where the
 * hazard is the same: {@code drop-table}, {@code drop-column}, {@code rename-table}, {@code
 * rename-column}, {@code truncate}, {@code lock-timeout-missing}, {@code no-down-migration}. A
 * table counts as in use when the target has it and the migration did not create it itself.
 */
final class TextRules {
  /** {@code SET [SESSION] lock_wait_timeout = N}, also as {@code @@session.lock_wait_timeout}. */
  private static final Pattern LOCK_WAIT =
      Pattern.compile(
          "(?is)^\\s*SET\\s+(?:SESSION\\s+|LOCAL\\s+|@@SESSION\\.|@@LOCAL\\.|@@)?"
              + "lock_wait_timeout\\s*:?=\\s*(\\w+)");

  /** Above this many seconds a lock wait is as good as unbounded (the default is a year). */
  private static final long BOUNDED_SECONDS = 3600;

  private final ScriptPlan plan;
  private final Set<String> inUse;
  private final List<Finding> findings = new ArrayList<>();

  private TextRules(ScriptPlan plan, Set<String> inUse) {
    this.plan = plan;
    this.inUse = new HashSet<>(inUse);
  }

  /**
   * @param existingTables the target's tables, {@code db.table}
   */
  static List<Finding> check(ScriptPlan plan, Set<String> existingTables) {
    Set<String> bare = new HashSet<>();
    for (String t : existingTables) bare.add(bareName(t));
    TextRules rules = new TextRules(plan, bare);
    rules.run();
    CommonFindings.noDownMigration(plan).ifPresent(rules.findings::add);
    return rules.findings;
  }

  static String bareName(String qualified) {
    return qualified.substring(qualified.indexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private boolean used(String table) {
    return inUse.contains(table.toLowerCase(Locale.ROOT));
  }

  private void run() {
    boolean lockWaitBounded = false;
    boolean lockWaitReported = false;
    for (SqlStatement st : plan.statements()) {
      Matcher set = LOCK_WAIT.matcher(st.text());
      if (set.find()) {
        lockWaitBounded = bounded(set.group(1));
        continue;
      }
      DdlText text = DdlText.of(st.text());
      int line = st.startLine();
      Optional<String> locked = tableLocked(text);
      if (locked.isPresent() && !lockWaitBounded && !lockWaitReported) {
        lockWaitReported = true;
        findings.add(lockWaitMissing(line, text.verb(), locked.get()));
      }
      text.createdTable().ifPresent(t -> inUse.remove(t.toLowerCase(Locale.ROOT)));
      for (String t : text.droppedTables()) {
        if (used(t)) findings.add(dropTable(line, t));
      }
      text.truncatedTable().filter(this::used).ifPresent(t -> findings.add(truncate(line, t)));
      for (DdlText.Rename r : text.renamedTables()) {
        if (used(r.from())) findings.add(renameTable(line, r.from(), r.to()));
      }
      text.alterTable().filter(a -> used(a.table())).ifPresent(a -> alter(line, a));
      unguarded(text).ifPresent(what -> findings.add(notIdempotent(line, what)));
    }
  }

  private static final Set<String> CREATED_IF_NOT_EXISTS =
      Set.of("TABLE", "INDEX", "DATABASE", "SCHEMA", "EVENT", "TRIGGER", "SEQUENCE");
  private static final Set<String> CREATED_OR_REPLACED =
      Set.of("VIEW", "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");

  /** What makes the statement fail when run a second time, if anything. */
  private static Optional<String> unguarded(DdlText text) {
    int at = 1;
    if (text.is(0, "CREATE")) {
      if (text.is(1, "OR") && text.is(2, "REPLACE")) return Optional.empty();
      while (at < text.tokens().size()
          && !CREATED_IF_NOT_EXISTS.contains(text.tokens().get(at).word())
          && !CREATED_OR_REPLACED.contains(text.tokens().get(at).word())
          && !text.is(at, "(")) at++;
      if (at >= text.tokens().size() || text.is(at, "(")) return Optional.empty();
      String kind = text.tokens().get(at).word();
      if (text.is(at + 1, "IF")) return Optional.empty();
      return Optional.of(
          CREATED_IF_NOT_EXISTS.contains(kind)
              ? "CREATE " + kind + " without IF NOT EXISTS"
              : "CREATE " + kind + " without OR REPLACE");
    }
    if (text.is(0, "DROP")) {
      if (text.is(at, "TEMPORARY")) at++;
      if (at >= text.tokens().size() || text.tokens().get(at).word().isEmpty()) {
        return Optional.empty();
      }
      String kind = text.tokens().get(at).word();
      return text.is(at + 1, "IF")
          ? Optional.empty()
          : Optional.of("DROP " + kind + " without IF EXISTS");
    }
    return text.alterTable()
        .flatMap(
            a -> {
              for (DdlText.Action action : a.actions()) {
                int w = 1;
                if (action.is(0, "ADD") || action.is(0, "DROP")) {
                  if (action.is(w, "COLUMN") || action.is(w, "INDEX") || action.is(w, "KEY")) w++;
                  if (!action.is(w, "IF")
                      && !action.is(1, "PRIMARY")
                      && !action.is(1, "CONSTRAINT")
                      && !action.is(1, "CHECK")
                      && !action.is(1, "PARTITION")) {
                    String verb = action.tokens().get(0).word();
                    return Optional.of(
                        "ALTER TABLE "
                            + a.table()
                            + " "
                            + verb
                            + " without "
                            + (verb.equals("ADD") ? "IF NOT EXISTS" : "IF EXISTS"));
                  }
                }
              }
              return Optional.empty();
            });
  }

  private Finding notIdempotent(int line, String what) {
    return finding(
        "not-idempotent",
        Level.INFO,
        Concern.IDEMPOTENCE,
        line,
        what,
        "Run a second time (a retry after a partial failure, a database that already has the"
            + " change) the migration fails here instead of doing nothing. On MySQL every DDL"
            + " statement commits on its own, so a failure part-way leaves the ones before it"
            + " applied.",
        "Guard it with IF [NOT] EXISTS or OR REPLACE where the server has them (MariaDB has them"
            + " for columns and indexes too; MySQL 8 does not); strata deploy resumes after the"
            + " last statement that took effect either way.");
  }

  private void alter(int line, DdlText.Alter alter) {
    String t = alter.table();
    for (DdlText.Action action : alter.actions()) {
      action.droppedColumn().ifPresent(c -> findings.add(dropColumn(line, t, c)));
      action.renamedColumn().ifPresent(r -> findings.add(renameColumn(line, t, r)));
      action.renamedTableTo().ifPresent(to -> findings.add(renameTable(line, t, to)));
    }
  }

  /** The in-use table a statement must take a metadata lock on to change, if any. */
  private Optional<String> tableLocked(DdlText text) {
    Optional<String> table =
        text.alterTable()
            .map(DdlText.Alter::table)
            .or(text::createIndexTable)
            .or(text::dropIndexTable)
            .or(text::truncatedTable)
            .or(() -> text.droppedTables().stream().findFirst())
            .or(() -> text.renamedTables().stream().map(DdlText.Rename::from).findFirst());
    return table.filter(this::used);
  }

  private static boolean bounded(String value) {
    try {
      long seconds = Long.parseLong(value);
      return seconds > 0 && seconds <= BOUNDED_SECONDS;
    } catch (NumberFormatException e) {
      return false; // DEFAULT: the server's, a year unless someone changed it
    }
  }

  private Finding finding(
      String code,
      Level level,
      Concern concern,
      int line,
      String summary,
      String why,
      String fix,
      Concern... also) {
    return new Finding(
        code,
        level,
        Finding.Evidence.STATIC,
        concern,
        plan.migration().name(),
        plan.migration().displayPath(),
        line,
        summary,
        why,
        fix,
        Set.of(also));
  }

  private Finding lockWaitMissing(int line, String verb, String table) {
    return finding(
        "lock-timeout-missing",
        Level.WARNING,
        Concern.LOCKS,
        line,
        verb + " on existing table " + table + " waits for its metadata lock with no limit",
        "Every change to a table needs its metadata lock, even an INSTANT one. If a long"
            + " transaction has read "
            + table
            + ", this statement waits for it (lock_wait_timeout is a year by default), and every"
            + " query on "
            + table
            + " queues behind it: the application stalls for as long as the wait lasts.",
        "Start the migration with SET SESSION lock_wait_timeout = 5; (or deploy with"
            + " --lock-timeout 5s --retries 3) and deploy again if it times out.");
  }

  private Finding dropTable(int line, String t) {
    return finding(
        "drop-table",
        Level.ERROR,
        Concern.DATA_LOSS,
        line,
        "DROP TABLE " + t,
        "Every row of "
            + t
            + " is gone for good, only a backup brings it back; and running code that still uses "
            + t
            + " fails.",
        "First release code that no longer uses "
            + t
            + "; back it up (strata backup, or mariadb-dump db "
            + t
            + "); drop it in a later migration.",
        Concern.COMPATIBILITY);
  }

  private Finding dropColumn(int line, String t, String c) {
    return finding(
        "drop-column",
        Level.ERROR,
        Concern.DATA_LOSS,
        line,
        "ALTER TABLE " + t + " DROP COLUMN " + c,
        "The values of "
            + t
            + "."
            + c
            + " are gone for good, only a backup brings them back; and running code that still"
            + " reads or writes "
            + c
            + " fails.",
        "First release code that no longer uses "
            + c
            + "; back the values up (CREATE TABLE ... AS SELECT key, "
            + c
            + " FROM "
            + t
            + "); drop the column in a later migration.",
        Concern.COMPATIBILITY);
  }

  private Finding truncate(int line, String t) {
    return finding(
        "truncate",
        Level.ERROR,
        Concern.DATA_LOSS,
        line,
        "TRUNCATE " + t,
        "Every row of " + t + " is deleted; TRUNCATE commits at once and cannot be rolled back.",
        "Keep data removal out of schema migrations: back the rows up first, and if the"
            + " application keeps using the table, DELETE in batches (DELETE FROM "
            + t
            + " WHERE <key range> LIMIT 1000).");
  }

  private Finding renameTable(int line, String from, String to) {
    return finding(
        "rename-table",
        Level.ERROR,
        Concern.COMPATIBILITY,
        line,
        "rename of table " + from + " to " + to,
        "Running application code still uses "
            + from
            + ": its queries fail from the moment this runs until new code is deployed.",
        "Expand and contract: create "
            + to
            + ", write both (triggers or dual writes) and backfill, switch reads, drop "
            + from
            + " in a later release.");
  }

  private Finding renameColumn(int line, String t, DdlText.Rename r) {
    return finding(
        "rename-column",
        Level.ERROR,
        Concern.COMPATIBILITY,
        line,
        "ALTER TABLE " + t + " renames column " + r.from() + " to " + r.to(),
        "Running application code still uses "
            + t
            + "."
            + r.from()
            + ": its queries fail from the moment this runs until new code is deployed.",
        "Expand and contract: ADD COLUMN "
            + r.to()
            + "; write both columns and backfill; switch reads to "
            + r.to()
            + "; drop "
            + r.from()
            + " in a later release.");
  }
}

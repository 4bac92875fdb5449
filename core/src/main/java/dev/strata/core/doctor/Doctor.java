package dev.strata.core.doctor;

import dev.strata.core.StrataException;
import dev.strata.core.backup.BackupFiles;
import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.Readiness;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.MigrationSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guide's pre-migration checklist as checks. Each check reports passed, warning or failed, and
 * what to do; one that cannot run (no connection) fails and the rest that need it are skipped.
 */
public final class Doctor {
  /** Free space in the backup folder must exceed the database size by this factor. */
  private static final double DISK_MARGIN = 1.5;

  private Doctor() {}

  public static DoctorReport examine(
      DatabaseTarget target,
      java.util.function.Supplier<MigrationSet> migrations,
      java.util.function.Supplier<Database> connect,
      java.util.function.Function<Database, HistoryTable> historyTable,
      Path backupDir) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        target.embedded()
            ? Check.passed("database URL", "none set: the embedded PostgreSQL in .strata/ is used")
            : Check.passed("database URL", target.describe()));
    MigrationSet set;
    try {
      set = migrations.get();
      checks.add(
          Check.passed(
              "migrations folder", set.migrations().size() + " migrations in " + set.dir()));
      for (String warning : set.warnings()) {
        checks.add(Check.warning("migration names", warning, "Rename it if it was not meant so."));
      }
    } catch (StrataException e) {
      checks.add(
          Check.failed("migrations folder", e.getMessage(), "Fix the folder or pass --dir."));
      set = null;
    }
    Database database;
    try {
      database = connect.get();
    } catch (StrataException e) {
      checks.add(
          Check.failed("connection", e.getMessage(), "See the message; nothing else was checked."));
      return new DoctorReport(checks, e.exitCode());
    }
    try (database) {
      HistoryTable table = historyTable.apply(database);
      StatusReport status =
          set == null ? null : Planner.plan(table, set, database.history(table).list());
      List<dev.strata.core.execute.ScriptPlan> pending = new ArrayList<>();
      if (status != null) {
        var scripts =
            database.scripts(table, dev.strata.core.execute.RunLimits.NONE, (plan, note) -> {});
        for (MigrationStatus s : status.toApply())
          pending.add(scripts.analyze(s.migration().orElseThrow()));
      }
      Readiness r = database.readiness(pending, table);
      checks.add(
          Check.passed(
              "connection",
              database.description() + ", answered in " + r.latency().toMillis() + " ms"));
      boolean createsSchema =
          pending.stream()
              .flatMap(p -> p.statements().stream())
              .anyMatch(st -> st.startsWith("CREATE", "SCHEMA"));
      checks.add(privileges(r, pending.isEmpty(), createsSchema));
      checks.add(disk(backupDir, r.databaseSize()));
      if (status != null) checks.add(history(status));
      checks.add(pendingCheck(status, r));
      checks.add(
          r.deployLockHolder()
              .map(
                  h ->
                      Check.warning(
                          "deploy lock",
                          "held by " + h.describe(),
                          "Another deployer is running: wait for it to finish."))
              .orElse(Check.passed("deploy lock", "free")));
      checks.add(blockers(r));
      checks.add(newestBackup(backupDir, database.databaseName()));
    }
    return new DoctorReport(checks);
  }

  private static Check privileges(Readiness r, boolean nothingPending, boolean createsSchema) {
    List<String> missing = new ArrayList<>();
    if (createsSchema && !r.createOnDatabase())
      missing.add("CREATE on the database (a migration creates a schema)");
    if (!r.createOnSchema()) missing.add("CREATE on schema " + r.schema());
    if (!r.notOwned().isEmpty()) missing.add("ownership of " + String.join(", ", r.notOwned()));
    if (missing.isEmpty()) {
      return Check.passed(
          "privileges",
          "user "
              + r.user()
              + " may create in schema "
              + r.schema()
              + (r.createOnDatabase() ? " and in the database" : "")
              + " and owns the tables the pending migrations alter");
    }
    String detail = "user " + r.user() + " lacks " + String.join("; ", missing);
    String action =
        "GRANT CREATE ON SCHEMA "
            + r.schema()
            + " TO "
            + r.user()
            + (r.notOwned().isEmpty()
                ? ""
                : "; make " + r.user() + " the owner of those tables (ALTER TABLE … OWNER TO)")
            + ".";
    return nothingPending
        ? Check.warning("privileges", detail, action)
        : Check.failed("privileges", detail, action);
  }

  private static Check disk(Path backupDir, long databaseSize) {
    try {
      Path existing = backupDir.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) existing = existing.getParent();
      long free = Files.getFileStore(existing).getUsableSpace();
      String detail =
          human(free) + " free in " + backupDir + ", database is " + human(databaseSize);
      if (free < databaseSize) {
        return Check.failed(
            "disk space",
            detail,
            "Free space or pass another --backup-path: a backup may not fit.");
      }
      if (free < databaseSize * DISK_MARGIN) {
        return Check.warning(
            "disk space", detail, "Less than " + DISK_MARGIN + "x the database size is free.");
      }
      return Check.passed("disk space", detail);
    } catch (IOException e) {
      return Check.warning(
          "disk space", "cannot tell the free space of " + backupDir + ": " + e.getMessage(), "");
    }
  }

  private static Check history(StatusReport status) {
    List<MigrationStatus> bad = status.needingAttention();
    if (bad.isEmpty()) return Check.passed("history", "no failed, modified or missing migration");
    return Check.failed(
        "history",
        bad.stream().map(s -> s.name() + " is " + s.state().word()).toList().toString(),
        "Run `strata status` and settle them (`strata resolve`, or restore the modified file).");
  }

  private static Check pendingCheck(StatusReport status, Readiness r) {
    if (status == null || status.toApply().isEmpty())
      return Check.passed("pending migrations", "none");
    StringBuilder detail = new StringBuilder(status.toApply().size() + " pending");
    for (MigrationStatus s : status.toApply()) detail.append("\n    ").append(s.name());
    for (String lock : r.locks()) detail.append("\n    lock: ").append(lock);
    for (String nt : r.nonTransactional())
      detail.append("\n    outside a transaction: ").append(nt);
    return Check.passed("pending migrations", detail.toString());
  }

  private static Check blockers(Readiness r) {
    if (!r.blockers().isEmpty()) {
      return Check.failed(
          "blocking sessions",
          String.join("; ", r.blockers()),
          "These sessions hold locks the migrations need: the deploy would wait behind them (and every query"
              + " behind it). End those sessions, or wait for them to finish.");
    }
    if (!r.longTransactions().isEmpty()) {
      return Check.warning(
          "long transactions",
          String.join("; ", r.longTransactions()),
          "Open or idle-in-transaction sessions hold back DDL and vacuum; end them before migrating.");
    }
    return Check.passed("blocking sessions", "none");
  }

  private static Check newestBackup(Path backupDir, String database) {
    Optional<Path> newest = BackupFiles.takenBefore(backupDir, database, Instant.now());
    if (newest.isEmpty()) {
      return Check.warning(
          "newest backup",
          "no backup of " + database + " in " + backupDir,
          "`strata production` takes one; or run `strata backup --output " + backupDir + "`.");
    }
    try {
      Duration age =
          Duration.between(Files.getLastModifiedTime(newest.get()).toInstant(), Instant.now());
      String detail = newest.get().getFileName() + ", " + age.toHours() + " h old";
      return age.toHours() > 24
          ? Check.warning("newest backup", detail, "Take a fresh backup before migrating.")
          : Check.passed("newest backup", detail);
    } catch (IOException e) {
      return Check.warning("newest backup", e.getMessage(), "");
    }
  }

  private static String human(long bytes) {
    double mib = bytes / (1024.0 * 1024);
    return mib < 1024
        ? String.format(java.util.Locale.ROOT, "%.1f MiB", mib)
        : String.format(java.util.Locale.ROOT, "%.1f GiB", mib / 1024);
  }
}

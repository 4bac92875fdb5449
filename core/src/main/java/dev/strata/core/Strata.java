package dev.strata.core;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.config.DatabaseUrls;
import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployResult;
import dev.strata.core.execute.Deployer;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.history.Resolver;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.MigrationSet;
import dev.strata.core.source.MigrationSource;
import dev.strata.core.source.MigrationWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The library's front door. Configure once, then call a command; each call connects, works and
 * disconnects, and returns a result record. Nothing here prints.
 *
 * <pre>{@code
 * DeployResult result = Strata.configure().url("postgresql://app@db/app").dir(Path.of("migrations")).load().deploy();
 * }</pre>
 */
public final class Strata {
  private final Settings settings;

  private Strata(Settings settings) {
    this.settings = settings;
  }

  public static Builder configure() {
    return new Builder();
  }

  public Settings settings() {
    return settings;
  }

  public MigrationSet migrations() {
    return MigrationSource.load(settings.dir());
  }

  public StatusReport status() {
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          checkProvider(set, database);
          HistoryTable table = database.historyTable(settings.historyTable());
          var history = database.history(table);
          return Planner.plan(table, set, history.list())
              .withDeployInProgress(database.lockHolder(table));
        });
  }

  public DeployResult deploy(boolean atomic, DeployListener listener) {
    return deploy(
        new dev.strata.core.execute.DeployOptions(
            atomic, settings.lockWait(), dev.strata.core.execute.RunLimits.NONE),
        listener);
  }

  /** Applies pending migrations with the given options (atomic, lock wait, timeouts, retries). */
  public DeployResult deploy(
      dev.strata.core.execute.DeployOptions options, DeployListener listener) {
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          checkProvider(set, database);
          HistoryTable table = database.historyTable(settings.historyTable());
          return new Deployer(database, table).deploy(set, options, listener);
        });
  }

  public DeployResult deploy() {
    return deploy(false, DeployListener.NONE);
  }

  /**
   * Reviews the migrations about to be applied, under the deploy lock, and applies them unless the
   * review found an error-level hazard that {@code policy} does not allow.
   *
   * @param reviewed told the review's result before anything is applied
   * @throws StrataException REFUSED, with nothing applied, when the review found a hazard
   */
  public DeployResult deploy(
      dev.strata.core.execute.DeployOptions options,
      dev.strata.core.review.ReviewPolicy policy,
      java.util.function.Consumer<dev.strata.core.review.ReviewReport> reviewed,
      DeployListener listener) {
    if (policy.mode() == dev.strata.core.review.ReviewPolicy.Mode.OFF) {
      return deploy(options, listener);
    }
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          checkProvider(set, database);
          HistoryTable table = database.historyTable(settings.historyTable());
          try (ShadowServer shadow = new ShadowServer(database)) {
            dev.strata.core.execute.DeployOptions.Gate gate =
                (plans, report) -> {
                  Optional<Database> server =
                      policy.mode() == dev.strata.core.review.ReviewPolicy.Mode.FULL
                          ? Optional.of(shadow.server())
                          : Optional.empty();
                  var review =
                      new dev.strata.core.review.Reviewer(
                              database, table, server, options.limits().lockTimeout())
                          .review(set, report, plans, policy.sampleRows());
                  reviewed.accept(review);
                  review.refuseHazards(policy.allowedHazards());
                };
            return new Deployer(database, table).deploy(set, options.withGate(gate), listener);
          }
        });
  }

  /**
   * Reviews the migrations a deploy would apply (or the named ones among them): rules on their text
   * and, with {@code observe}, what each does on a shadow database.
   */
  public dev.strata.core.review.ReviewReport review(
      List<String> names,
      boolean observe,
      int sampleRows,
      Optional<java.time.Duration> lockTimeout) {
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          checkProvider(set, database);
          HistoryTable table = database.historyTable(settings.historyTable());
          var history = database.history(table);
          StatusReport report = Planner.plan(table, set, history.list());
          var scripts =
              database.scripts(table, dev.strata.core.execute.RunLimits.NONE, (plan, note) -> {});
          List<dev.strata.core.execute.ScriptPlan> plans = new java.util.ArrayList<>();
          for (var status : selectForReview(report, names, set)) {
            plans.add(scripts.analyze(status.migration().orElseThrow()));
          }
          try (ShadowServer shadow = new ShadowServer(database)) {
            Optional<Database> server =
                observe && !plans.isEmpty() ? Optional.of(shadow.server()) : Optional.empty();
            var all =
                new dev.strata.core.review.Reviewer(database, table, server, lockTimeout)
                    .review(set, report, plans, sampleRows);
            if (names.isEmpty()) return all;
            return new dev.strata.core.review.ReviewReport(
                all.migrations().stream().filter(m -> names.contains(m.migration())).toList(),
                all.observed(),
                all.shadow(),
                all.sampleRows(),
                all.millis(),
                all.notes());
          }
        });
  }

  private static List<dev.strata.core.plan.MigrationStatus> selectForReview(
      StatusReport report, List<String> names, MigrationSet set) {
    List<dev.strata.core.plan.MigrationStatus> toApply = report.toApply();
    if (names.isEmpty()) return toApply;
    for (String name : names) {
      if (toApply.stream().noneMatch(s -> s.name().equals(name))) {
        var known = report.migrations().stream().filter(s -> s.name().equals(name)).findFirst();
        throw new StrataException(
            ExitCode.USAGE,
            known.isPresent()
                ? "Migration `"
                    + name
                    + "` is "
                    + known.get().state().word()
                    + ", not pending; strata review looks at the migrations a deploy would apply."
                : "No migration named `" + name + "` in " + set.dir() + ".");
      }
    }
    // Every pending migration before the last one named runs on the shadow, so each named one
    // meets the schema it will really meet; only the named ones are reported.
    int last = 0;
    for (int i = 0; i < toApply.size(); i++) {
      if (names.contains(toApply.get(i).name())) last = i;
    }
    return toApply.subList(0, last + 1);
  }

  public void resolveApplied(String name) {
    resolve(name, (resolver, set) -> resolver.markApplied(set, name));
  }

  public void resolveRolledBack(String name) {
    resolve(name, (resolver, set) -> resolver.markRolledBack(set, name));
  }

  /** A failed migration that ran statement by statement continues where it stopped. */
  public void resolveResume(String name) {
    resolve(name, (resolver, set) -> resolver.markResumable(set, name));
  }

  /**
   * The statement an interrupted run left in flight did ({@code completed}) or did not complete.
   */
  public void resolveInFlight(String name, boolean completed) {
    resolve(name, (resolver, set) -> resolver.settleInFlight(set, name, completed));
  }

  private void resolve(String name, java.util.function.BiConsumer<Resolver, MigrationSet> change) {
    MigrationSet set = migrations();
    withDatabase(
        database -> {
          HistoryTable table = database.historyTable(settings.historyTable());
          try (var lock = database.lock(table, settings.lockWait(), (h, w) -> {})) {
            var scripts =
                database.scripts(table, dev.strata.core.execute.RunLimits.NONE, (plan, note) -> {});
            change.accept(
                new Resolver(
                    database.history(table),
                    migration -> {
                      var plan = scripts.analyze(migration);
                      return plan.steps().stream().map(plan::text).toList();
                    }),
                set);
          }
          return null;
        });
  }

  /** The history table's rows, oldest first, and the table they came from. */
  public History history() {
    return withDatabase(
        database -> {
          HistoryTable table = database.historyTable(settings.historyTable());
          return new History(table, database.history(table).list());
        });
  }

  /** Creates an empty migration; needs no database. */
  public Path newMigration(String name) {
    return MigrationWriter.create(settings.dir(), name, Clock.systemUTC());
  }

  /** Writes a verified backup of the database. */
  public dev.strata.core.backup.BackupResult backup(
      dev.strata.core.backup.BackupRequest request,
      dev.strata.core.backup.BackupListener listener) {
    return withDatabase(database -> database.backups().backup(request, listener));
  }

  /**
   * Restores a backup file over the database: checks the file first (nothing is touched if it does
   * not match its manifest), asks for confirmation unless forced, takes a safety backup, restores
   * atomically and verifies.
   */
  public dev.strata.core.backup.RestoreOutcome restore(
      Path file,
      dev.strata.core.backup.RestoreOptions options,
      dev.strata.core.backup.Confirmation confirmation,
      dev.strata.core.backup.BackupListener listener) {
    // Without a safety backup to take first, the SHA-256 is checked while the file loads into the
    // staging database (it is swapped in only if the file matches), saving a pass over the file.
    boolean checksumDuringLoad = !options.safetyBackup();
    var manifest =
        checksumDuringLoad
            ? dev.strata.core.backup.BackupCheck.checkManifest(file)
            : dev.strata.core.backup.BackupCheck.check(file);
    return withDatabase(
        database -> {
          String name = database.databaseName();
          if (!options.force()) {
            var question =
                new dev.strata.core.backup.Confirmation.Question(
                    name,
                    database.description(),
                    options.production(),
                    manifest.isEmpty(),
                    file.toString());
            if (!confirmation.confirm(question)) {
              throw new StrataException(
                  ExitCode.REFUSED,
                  "Restore of "
                      + file
                      + " over database `"
                      + name
                      + "` was not confirmed; nothing was changed. Run it on a terminal to confirm, or pass --force.");
            }
          }
          java.util.Optional<Path> safety = java.util.Optional.empty();
          if (options.safetyBackup()) {
            listener.step("taking a safety backup of `" + name + "` first");
            var taken =
                database
                    .backups()
                    .backup(
                        new dev.strata.core.backup.BackupRequest(
                            options.safetyDir(),
                            dev.strata.core.backup.Compression.GZIP,
                            options.jobs(),
                            0,
                            "safety"),
                        dev.strata.core.backup.BackupListener.NONE);
            safety = java.util.Optional.of(taken.file());
            listener.step("safety backup written: " + taken.file());
          }
          var result =
              database
                  .backups()
                  .restore(
                      new dev.strata.core.backup.RestoreRequest(
                          file,
                          manifest,
                          options.jobs(),
                          options.restoreOwnership(),
                          checksumDuringLoad && manifest.isPresent()),
                      listener);
          return new dev.strata.core.backup.RestoreOutcome(safety, manifest.isPresent(), result);
        });
  }

  /** Reverses the latest applied migration with its down script; it is pending again afterwards. */
  public dev.strata.core.execute.Rollbacker.Result rollback(
      String name, dev.strata.core.execute.Cancellation cancellation) {
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          HistoryTable table = database.historyTable(settings.historyTable());
          return new dev.strata.core.execute.Rollbacker(database, table)
              .rollback(set, name, settings.lockWait(), cancellation);
        });
  }

  /**
   * Reverses the latest applied migration by restoring the newest backup in {@code backupDir} that
   * was finished before the migration started (its manifest tells), after the same checks and
   * confirmation as {@link #restore}.
   */
  public dev.strata.core.backup.RestoreOutcome rollbackByRestoring(
      String name,
      Path backupDir,
      dev.strata.core.backup.RestoreOptions options,
      dev.strata.core.backup.Confirmation confirmation,
      dev.strata.core.backup.BackupListener listener) {
    MigrationSet set = migrations();
    Path backup =
        withDatabase(
            database -> {
              HistoryTable table = database.historyTable(settings.historyTable());
              AppliedMigration row =
                  dev.strata.core.execute.Rollbacker.latestApplied(
                      set, database.history(table), name);
              return dev.strata.core.backup.BackupFiles.takenBefore(
                      backupDir, database.databaseName(), row.startedAt())
                  .orElseThrow(
                      () ->
                          new StrataException(
                              ExitCode.FAILED,
                              "No backup of `"
                                  + database.databaseName()
                                  + "` finished before `"
                                  + name
                                  + "` was applied ("
                                  + row.startedAt()
                                  + ") in "
                                  + backupDir
                                  + ". Pass --backup-path, or restore a backup by hand with `strata"
                                  + " restore FILE`."));
            });
    listener.step("restoring " + backup + ", taken before " + name + " was applied");
    return restore(backup, options, confirmation, listener);
  }

  /** The pre-migration checklist; {@code backupDir} is where backups are kept. */
  public dev.strata.core.doctor.DoctorReport doctor(Path backupDir) {
    return dev.strata.core.doctor.Doctor.examine(
        settings.target(), this::migrations, this::open, settings.historyTable(), backupDir);
  }

  /** The name of the database the settings point at (connects to find out). */
  public String databaseName() {
    return withDatabase(Database::databaseName);
  }

  /**
   * Runs each statement; each must return one row whose first column is true. Returns what did not
   * hold (the statement and what it returned).
   */
  public List<String> failedAssertions(List<String> statements) {
    if (statements.isEmpty()) return List.of();
    return withDatabase(database -> database.failedAssertions(statements));
  }

  /**
   * Writes into the history that a migration failed and was rolled back (after the database was
   * restored to before the run): it is pending again, and its logs say what happened.
   */
  public void recordRolledBackFailure(String name, String logs) {
    MigrationSet set = migrations();
    withDatabase(
        database -> {
          var history = database.history(database.historyTable(settings.historyTable()));
          history.createIfMissing();
          String checksum = set.find(name).map(m -> m.checksum()).orElse("");
          String id = java.util.UUID.randomUUID().toString();
          history.write(
              new dev.strata.core.history.HistoryWrite.FailedNew(id, name, checksum, logs));
          history.write(new dev.strata.core.history.HistoryWrite.RolledBack(id));
          return null;
        });
  }

  public record History(HistoryTable table, List<AppliedMigration> rows) {}

  /** The live schema, without the history table: what {@code strata pull} writes. */
  public dev.strata.core.schema.Schema pull() {
    return withDatabase(
        database -> database.schemas().read(database.historyTable(settings.historyTable())));
  }

  /**
   * The changes that turn one schema into another; a folder or file side is built in a shadow
   * database (see {@link Settings#shadowUrl}).
   */
  public dev.strata.core.schema.DiffResult diff(
      dev.strata.core.schema.SchemaSource from, dev.strata.core.schema.SchemaSource to) {
    if (from instanceof dev.strata.core.schema.SchemaSource.Url
        && to instanceof dev.strata.core.schema.SchemaSource.Url) {
      return diffDatabases(from, to);
    }
    try (ShadowServer shadow = new ShadowServer(null)) {
      long start = System.nanoTime();
      dev.strata.core.schema.Schema a = schemaOf(from, shadow);
      long read = System.nanoTime();
      dev.strata.core.schema.Schema b = schemaOf(to, shadow);
      long readBoth = System.nanoTime();
      dev.strata.core.schema.SchemaComparison comparison = shadow.engine().compare(a, b);
      long end = System.nanoTime();
      return timed(from, to, comparison, a, b, new long[] {start, read, readBoth, end});
    }
  }

  /**
   * Two live databases: each is read on its own connection, both at once (the server and the client
   * work of one overlap with the other's), and the first one's engine compares them, so no shadow
   * server is started. The TO side's time is what it took beyond the FROM side's, so that the three
   * timings still add up to the elapsed time.
   */
  private dev.strata.core.schema.DiffResult diffDatabases(
      dev.strata.core.schema.SchemaSource from, dev.strata.core.schema.SchemaSource to) {
    long start = System.nanoTime();
    java.util.concurrent.FutureTask<dev.strata.core.schema.Schema> other =
        new java.util.concurrent.FutureTask<>(() -> schemaOf(to, null));
    Thread reader = new Thread(other, "strata-diff-read");
    reader.setDaemon(true);
    reader.start();
    try (Database database =
        open(
            new DatabaseTarget(
                Optional.of(((dev.strata.core.schema.SchemaSource.Url) from).url()),
                "the command line"))) {
      dev.strata.core.schema.SchemaEngine engine = database.schemas();
      dev.strata.core.schema.Schema a = engine.read(database.historyTable(settings.historyTable()));
      long read = System.nanoTime();
      dev.strata.core.schema.Schema b = joinRead(other);
      long readBoth = System.nanoTime();
      dev.strata.core.schema.SchemaComparison comparison = engine.compare(a, b);
      long end = System.nanoTime();
      return timed(from, to, comparison, a, b, new long[] {start, read, readBoth, end});
    } catch (RuntimeException e) {
      // Never leave the other read running behind a failure; its own failure is secondary.
      try {
        joinRead(other);
      } catch (RuntimeException second) {
        if (second != e) e.addSuppressed(second);
      }
      throw e;
    }
  }

  /**
   * The result, with the time of each step from the clock readings {start, read A, read B, end}.
   */
  private static dev.strata.core.schema.DiffResult timed(
      dev.strata.core.schema.SchemaSource from,
      dev.strata.core.schema.SchemaSource to,
      dev.strata.core.schema.SchemaComparison comparison,
      dev.strata.core.schema.Schema a,
      dev.strata.core.schema.Schema b,
      long[] clock) {
    return new dev.strata.core.schema.DiffResult(
        from,
        to,
        comparison,
        a.objectCount(),
        b.objectCount(),
        (clock[1] - clock[0]) / 1_000_000,
        (clock[2] - clock[1]) / 1_000_000,
        (clock[3] - clock[2]) / 1_000_000);
  }

  /** The other side's schema, or the exception that reading it threw. */
  private static dev.strata.core.schema.Schema joinRead(
      java.util.concurrent.FutureTask<dev.strata.core.schema.Schema> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException(ExitCode.FAILED, "Interrupted while reading the schemas", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Whether the live schema is what the applied migrations build: they are applied to a shadow
   * database and the two catalogs compared. Not checked while a migration failed, was interrupted,
   * modified or is missing (the migrations cannot say what the schema should be then).
   */
  public dev.strata.core.schema.Drift drift(StatusReport report) {
    List<dev.strata.core.plan.MigrationStatus> blocking =
        report.inState(
            dev.strata.core.plan.MigrationState.FAILED,
            dev.strata.core.plan.MigrationState.INTERRUPTED,
            dev.strata.core.plan.MigrationState.MODIFIED,
            dev.strata.core.plan.MigrationState.MISSING);
    if (!blocking.isEmpty()) {
      return dev.strata.core.schema.Drift.skipped(
          "drift not checked: migration `"
              + blocking.get(0).name()
              + "` is "
              + blocking.get(0).state().word());
    }
    List<dev.strata.core.source.Migration> applied =
        report.inState(dev.strata.core.plan.MigrationState.APPLIED).stream()
            .map(s -> s.migration().orElseThrow())
            .toList();
    MigrationSet set = migrations();
    return withDatabase(
        database -> {
          try (ShadowServer shadow = new ShadowServer(database)) {
            dev.strata.core.schema.Schema expected;
            try {
              expected =
                  new dev.strata.core.schema.Shadow(shadow.server()).fromMigrations(set, applied);
            } catch (StrataException e) {
              // A migration resolved as applied after it was completed by hand may not replay:
              // status still reports the migrations, and says why drift was not checked.
              return dev.strata.core.schema.Drift.skipped("drift not checked: " + e.getMessage());
            }
            var live = database.schemas().read(database.historyTable(settings.historyTable()));
            return dev.strata.core.schema.Drift.checked(database.schemas().compare(expected, live));
          }
        });
  }

  /**
   * Writes the migration that turns the schema the migrations build into the one {@code schemaFile}
   * describes (a migration of its own before it for new enum values, and one after it for indexes
   * built CONCURRENTLY), with a {@code down.sql} that reverses it, then applies them to the
   * development database unless {@code apply} is false.
   *
   * @throws StrataException REFUSED when a change can lose data and {@code allowDataLoss} is false
   */
  public dev.strata.core.schema.DevResult dev(
      String name, Optional<Path> schemaFile, boolean allowDataLoss, boolean apply) {
    MigrationSet set = migrations();
    Path file =
        schemaFile
            .map(f -> settings.workingDir().resolve(f))
            .orElse(settings.dir().toAbsolutePath().getParent().resolve("schema.sql"));
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new StrataException(
          ExitCode.USAGE,
          "No schema file at "
              + file
              + ". Write the schema you want there (`strata pull --output "
              + file.getFileName()
              + "` starts one from a database), or pass --schema FILE.");
    }
    dev.strata.core.schema.SchemaComparison forward;
    dev.strata.core.schema.SchemaComparison backward;
    try (ShadowServer shadow = new ShadowServer(null)) {
      var builder = new dev.strata.core.schema.Shadow(shadow.server());
      var current = builder.fromMigrations(set, set.migrations());
      var desired = builder.fromFile(file);
      forward = shadow.engine().compare(current, desired);
      backward = shadow.engine().compare(desired, current);
    }
    if (forward.isEmpty()) return new dev.strata.core.schema.DevResult(file, forward, List.of(), 0);
    if (!allowDataLoss && !forward.destructive().isEmpty()) {
      StringBuilder list = new StringBuilder();
      for (var c : forward.destructive())
        list.append("\n  ").append(c.object()).append(": ").append(c.reason());
      throw new StrataException(
          ExitCode.REFUSED,
          "The change from the migrations to "
              + file.getFileName()
              + " can lose data:"
              + list
              + "\nNothing was written. Pass --allow-data-loss if that is what you want.");
    }
    List<Path> written =
        dev.strata.core.schema.DevMigrations.write(
            set.dir(), name, forward, backward, Clock.systemUTC());
    int applied = 0;
    if (apply) applied = deploy().applied().size();
    return new dev.strata.core.schema.DevResult(file, forward, written, applied);
  }

  private dev.strata.core.schema.Schema schemaOf(
      dev.strata.core.schema.SchemaSource source, ShadowServer shadow) {
    if (source instanceof dev.strata.core.schema.SchemaSource.Url url) {
      try (Database database =
          open(new DatabaseTarget(Optional.of(url.url()), "the command line"))) {
        return database.schemas().read(database.historyTable(settings.historyTable()));
      }
    }
    var builder = new dev.strata.core.schema.Shadow(shadow.server());
    if (source instanceof dev.strata.core.schema.SchemaSource.Folder folder) {
      MigrationSet set = MigrationSource.load(folder.dir());
      return builder.fromMigrations(set, set.migrations());
    }
    return builder.fromFile(((dev.strata.core.schema.SchemaSource.File) source).file());
  }

  /**
   * The server shadow databases are made on, opened when first needed: {@link Settings#shadowUrl},
   * else the embedded PostgreSQL (the target itself when it is the embedded one).
   */
  private final class ShadowServer implements AutoCloseable {
    private final Database target;
    private Database opened;

    /**
     * @param target the database being checked, reused when it is the embedded one
     */
    ShadowServer(Database target) {
      this.target = target;
    }

    Database server() {
      if (opened != null) return opened;
      if (settings.shadowUrl().isPresent()) {
        opened = open(new DatabaseTarget(settings.shadowUrl(), "--shadow-url"));
        return opened;
      }
      if (target != null && settings.target().embedded()) return target;
      opened = open(new DatabaseTarget(Optional.empty(), "embedded"));
      return opened;
    }

    dev.strata.core.schema.SchemaEngine engine() {
      return server().schemas();
    }

    @Override
    public void close() {
      if (opened != null) opened.close();
    }
  }

  private <T> T withDatabase(Function<Database, T> work) {
    try (Database database = open()) {
      return work.apply(database);
    }
  }

  private Database open() {
    return open(settings.target());
  }

  private Database open(DatabaseTarget target) {
    List<DatabaseProvider> providers =
        ServiceLoader.load(DatabaseProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (target.embedded()) {
      Path dataDir = settings.workingDir().resolve(".strata");
      for (DatabaseProvider provider : providers) {
        Optional<Database> embedded = provider.openEmbedded(dataDir, settings.connectTimeout());
        if (embedded.isPresent()) return embedded.get();
      }
      throw new StrataException(
          ExitCode.USAGE,
          "No database URL given and no embedded database available. Pass --url or set DATABASE_URL.");
    }
    String url = target.url().orElseThrow();
    for (DatabaseProvider provider : providers) {
      if (provider.accepts(url)) return provider.open(url, settings.connectTimeout());
    }
    throw new StrataException(
        ExitCode.USAGE,
        "Unsupported database URL "
            + DatabaseUrls.mask(url)
            + " (from "
            + target.origin()
            + "). Use postgresql://user:password@host:5432/database or jdbc:postgresql://….");
  }

  private static void checkProvider(MigrationSet set, Database database) {
    set.provider()
        .ifPresent(
            provider -> {
              if (!database.acceptsProvider(provider)) {
                throw new StrataException(
                    ExitCode.USAGE,
                    set.dir().resolve("migration_lock.toml")
                        + " says provider = \""
                        + provider
                        + "\", but the database is "
                        + database.description()
                        + ". These migrations were written for another database; point --url at the right one.");
              }
            });
  }

  /** Everything a command needs to know, resolved. */
  public record Settings(
      DatabaseTarget target,
      Path workingDir,
      Path dir,
      Optional<HistoryTable> historyTable,
      Duration lockWait,
      Duration connectTimeout,
      Optional<String> shadowUrl) {}

  /** Collects settings; unset ones take the documented defaults. */
  public static final class Builder {
    private Optional<String> url = Optional.empty();
    private Path workingDir = Path.of("").toAbsolutePath();
    private Path dir;
    private Optional<HistoryTable> historyTable = Optional.empty();
    private Duration lockWait = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Map<String, String> environment = System.getenv();
    private Optional<String> shadowUrl = Optional.empty();

    public Builder url(String url) {
      this.url = Optional.ofNullable(url);
      return this;
    }

    public Builder workingDir(Path workingDir) {
      this.workingDir = workingDir.toAbsolutePath();
      return this;
    }

    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    public Builder historyTable(String table) {
      this.historyTable =
          Optional.ofNullable(table).filter(t -> !t.isBlank()).map(HistoryTable::parse);
      return this;
    }

    public Builder lockWait(Duration lockWait) {
      this.lockWait = lockWait;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * The server shadow databases are created on (for drift, diff and dev); {@code
     * STRATA_SHADOW_URL}, else the embedded PostgreSQL, by default.
     */
    public Builder shadowUrl(String url) {
      this.shadowUrl = Optional.ofNullable(url);
      return this;
    }

    /** The environment to read {@code DATABASE_URL} from; the process environment by default. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    public Strata load() {
      Path migrations =
          dir == null ? MigrationSource.defaultDir(workingDir) : workingDir.resolve(dir);
      DatabaseTarget target = DatabaseTarget.resolve(url, environment, workingDir);
      return new Strata(
          new Settings(
              target,
              workingDir,
              migrations,
              historyTable,
              lockWait,
              connectTimeout,
              shadowUrl.or(
                  () ->
                      Optional.ofNullable(environment.get("STRATA_SHADOW_URL"))
                          .filter(s -> !s.isBlank()))));
    }
  }
}

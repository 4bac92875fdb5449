package dev.strata.core;

import dev.strata.core.backup.BackupListener;
import dev.strata.core.backup.BackupRequest;
import dev.strata.core.backup.BackupResult;
import dev.strata.core.backup.Confirmation;
import dev.strata.core.backup.Restoration;
import dev.strata.core.backup.RestoreOptions;
import dev.strata.core.backup.RestoreOutcome;
import dev.strata.core.config.Settings;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import dev.strata.core.doctor.Doctor;
import dev.strata.core.doctor.DoctorReport;
import dev.strata.core.execute.Cancellation;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.DeployResult;
import dev.strata.core.execute.Deployment;
import dev.strata.core.execute.Rollbacker;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.history.Resolution;
import dev.strata.core.plan.StatusCheck;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.review.ReviewPolicy;
import dev.strata.core.review.ReviewReport;
import dev.strata.core.review.ReviewRun;
import dev.strata.core.schema.DevResult;
import dev.strata.core.schema.DiffResult;
import dev.strata.core.schema.Drift;
import dev.strata.core.schema.DriftCheck;
import dev.strata.core.schema.Schema;
import dev.strata.core.schema.SchemaCommands;
import dev.strata.core.schema.SchemaSource;
import dev.strata.core.source.MigrationSet;
import dev.strata.core.source.MigrationWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The library's front door. Configure once, then call a command; each call connects, works and
 * disconnects, and returns a result record. Nothing here prints, and nothing here decides: each
 * command is one class of its own ({@link Deployment}, {@link StatusCheck}, {@link Resolution},
 * {@link Restoration}, {@link SchemaCommands}, {@link DriftCheck}, {@link ReviewRun}…), reached
 * through the same {@link Connections}.
 *
 * <pre>{@code
 * DeployResult result = Strata.configure().url("postgresql://app@db/app").dir(Path.of("migrations")).load().deploy();
 * }</pre>
 */
public final class Strata {
  private final Connections connections;

  private Strata(Settings settings) {
    this(new Connections(settings));
  }

  private Strata(Connections connections) {
    this.connections = connections;
  }

  public static StrataBuilder configure() {
    return new StrataBuilder();
  }

  /** Made by {@link StrataBuilder#load()}. */
  static Strata of(Settings settings) {
    return new Strata(settings);
  }

  public Settings settings() {
    return connections.settings();
  }

  public MigrationSet migrations() {
    return connections.migrations();
  }

  /**
   * These settings with the migrations folder read now, once: every later call, and every {@link
   * #forTarget} of the result, works on what it held at this moment. A fleet reads its folder once
   * (and fails once, before any target, if it cannot).
   */
  public Strata withMigrationsRead() {
    return new Strata(new Connections(connections.settings(), connections.migrations()));
  }

  /**
   * These settings for another database, with the migrations as this one reads them (once, if it
   * was made by {@link #withMigrationsRead}).
   *
   * @param url the target, credentials and all
   */
  public Strata forTarget(String url) {
    MigrationSet set = connections.migrations();
    Settings s = connections.settings();
    Settings target =
        new Settings(
            new dev.strata.core.config.DatabaseTarget(Optional.of(url), "the fleet's targets"),
            s.workingDir(),
            s.dir(),
            s.historyTable(),
            s.lockWait(),
            s.connectTimeout(),
            s.shadowUrl(),
            s.placeholders(),
            s.locations());
    return new Strata(new Connections(target, set));
  }

  public StatusReport status() {
    return new StatusCheck(connections).report();
  }

  public DeployResult deploy() {
    return deploy(false, DeployListener.NONE);
  }

  public DeployResult deploy(boolean atomic, DeployListener listener) {
    return deploy(new DeployOptions(atomic, settings().lockWait(), RunLimits.NONE), listener);
  }

  /** Applies pending migrations with the given options (atomic, lock wait, timeouts, retries). */
  public DeployResult deploy(DeployOptions options, DeployListener listener) {
    return new Deployment(connections).deploy(options, listener);
  }

  /**
   * Reviews the migrations about to be applied, under the deploy lock, and applies them unless the
   * review found an error-level hazard that {@code policy} does not allow.
   *
   * @param reviewed told the review's result before anything is applied
   * @throws StrataException REFUSED, with nothing applied, when the review found a hazard
   */
  public DeployResult deploy(
      DeployOptions options,
      ReviewPolicy policy,
      Consumer<ReviewReport> reviewed,
      DeployListener listener) {
    return new Deployment(connections).deploy(options, policy, reviewed, listener);
  }

  /**
   * Reviews the migrations a deploy would apply (or the named ones among them): rules on their text
   * and, with {@code observe}, what each does on a shadow database.
   */
  public ReviewReport review(
      List<String> names, boolean observe, int sampleRows, Optional<Duration> lockTimeout) {
    return new ReviewRun(connections).review(names, observe, sampleRows, lockTimeout);
  }

  /**
   * The review as a deploy runs it first, as {@code policy} says (by default only the migrations
   * that can matter to the application run observed).
   */
  public ReviewReport reviewBeforeDeploy(
      dev.strata.core.review.ReviewPolicy policy, Optional<Duration> lockTimeout) {
    // A dialect without the review deploys unreviewed, as `deploy` does; the report says so.
    Optional<String> unsupported =
        connections.withDatabase(
            database ->
                database.supports(dev.strata.core.dialect.Database.Capability.REVIEW)
                    ? Optional.<String>empty()
                    : Optional.of(database.description()));
    if (unsupported.isPresent())
      return new ReviewReport(
          List.of(),
          false,
          Optional.empty(),
          0,
          0,
          List.of("not reviewed: the review is not supported on " + unsupported.get()));
    var scope = policy.observation();
    return new ReviewRun(connections)
        .review(
            List.of(),
            scope.isPresent(),
            policy.sampleRows(),
            lockTimeout,
            scope.orElse(dev.strata.core.review.Reviewer.Scope.ALL));
  }

  /**
   * Records the migrations up to {@code upTo} (a Flyway version or a migration's name; every one
   * when empty) as applied without running them, once the live schema is found to be what they
   * build.
   *
   * @param acceptDifferences record it even when the live schema differs
   * @throws StrataException NEEDS_ATTENTION, with nothing recorded, listing the differences
   */
  public dev.strata.core.history.Baselining.Result baseline(
      java.util.Optional<String> upTo, boolean acceptDifferences) {
    return new dev.strata.core.history.Baselining(connections).baseline(upTo, acceptDifferences);
  }

  public void resolveApplied(String name) {
    new Resolution(connections).applied(name);
  }

  public void resolveRolledBack(String name) {
    new Resolution(connections).rolledBack(name);
  }

  /** A failed migration that ran statement by statement continues where it stopped. */
  public void resolveResume(String name) {
    new Resolution(connections).resume(name);
  }

  /**
   * The statement an interrupted run left in flight did ({@code completed}) or did not complete.
   */
  public void resolveInFlight(String name, boolean completed) {
    new Resolution(connections).inFlight(name, completed);
  }

  /**
   * Writes into the history that a migration failed and was rolled back (after the database was
   * restored to before the run): it is pending again, and its logs say what happened.
   */
  public void recordRolledBackFailure(String name, String logs) {
    new Resolution(connections).recordRolledBackFailure(name, logs);
  }

  /** The history table's rows, oldest first, and the table they came from. */
  public History history() {
    return connections.withDatabase(
        database -> {
          HistoryTable table = connections.historyTable(database);
          return new History(table, database.history(table).list());
        });
  }

  public record History(HistoryTable table, List<AppliedMigration> rows) {}

  /** Creates an empty migration; needs no database. */
  public Path newMigration(String name) {
    return MigrationWriter.create(settings().dir(), name, Clock.systemUTC());
  }

  /** Writes a verified backup of the database. */
  public BackupResult backup(BackupRequest request, BackupListener listener) {
    return new Restoration(connections).backup(request, listener);
  }

  /**
   * Restores a backup file over the database: checks the file first (nothing is touched if it does
   * not match its manifest), asks for confirmation unless forced, takes a safety backup, restores
   * atomically and verifies.
   */
  public RestoreOutcome restore(
      Path file, RestoreOptions options, Confirmation confirmation, BackupListener listener) {
    return new Restoration(connections).restore(file, options, confirmation, listener);
  }

  /** Reverses the latest applied migration with its down script; it is pending again afterwards. */
  public Rollbacker.Result rollback(String name, Cancellation cancellation) {
    MigrationSet set = migrations();
    return connections.withDatabase(
        database ->
            new Rollbacker(database, connections.historyTable(database))
                .rollback(set, name, settings().lockWait(), cancellation));
  }

  /**
   * Reverses the latest applied migration by restoring the newest backup in {@code backupDir} that
   * was finished before the migration started (its manifest tells), after the same checks and
   * confirmation as {@link #restore}.
   */
  public RestoreOutcome rollbackByRestoring(
      String name,
      Path backupDir,
      RestoreOptions options,
      Confirmation confirmation,
      BackupListener listener) {
    return new Restoration(connections)
        .rollbackByRestoring(name, backupDir, options, confirmation, listener);
  }

  /** The pre-migration checklist; {@code backupDir} is where backups are kept. */
  public DoctorReport doctor(Path backupDir) {
    return Doctor.examine(
        settings().target(),
        this::migrations,
        connections::open,
        connections::historyTable,
        backupDir);
  }

  /** The name of the database the settings point at (connects to find out). */
  public String databaseName() {
    return connections.withDatabase(Database::databaseName);
  }

  /**
   * Runs each statement; each must return one row whose first column is true. Returns what did not
   * hold (the statement and what it returned).
   */
  /** The first column of every row {@code query} returns, on the configured database. */
  public List<String> firstColumn(String query) {
    return connections.withDatabase(database -> database.firstColumn(query));
  }

  /**
   * The URLs of the configured database's schemas (MySQL: the databases on its server) whose name
   * matches a SQL LIKE pattern, each a fleet target of its own.
   */
  public List<String> schemaTargets(String likePattern) {
    return connections.schemaTargets(likePattern);
  }

  public List<String> failedAssertions(List<String> statements) {
    if (statements.isEmpty()) return List.of();
    return connections.withDatabase(database -> database.failedAssertions(statements));
  }

  /** The live schema, without the history table: what {@code strata pull} writes. */
  public Schema pull() {
    return new SchemaCommands(connections).pull();
  }

  /**
   * The changes that turn one schema into another; a folder or file side is built in a shadow
   * database (see {@link Settings#shadowUrl}).
   */
  public DiffResult diff(SchemaSource from, SchemaSource to) {
    return new SchemaCommands(connections).diff(from, to);
  }

  /**
   * Whether the live schema is what the applied migrations build (see {@link DriftCheck}); not
   * checked while a migration failed, was interrupted, modified or is missing.
   */
  public Drift drift(StatusReport report) {
    return new DriftCheck(connections).drift(report);
  }

  /** Where the database stands and whether it drifted: {@link #status()} and {@link #drift}. */
  public record Standing(StatusReport report, Drift drift) {}

  /**
   * {@link #status()} then {@link #drift}, the live schema read on a connection of its own while
   * the migrations and the history are: what {@code strata status} runs.
   */
  public Standing statusWithDrift() {
    DriftCheck check = new DriftCheck(connections);
    try (DriftCheck.ReadAhead ahead = check.readAhead()) {
      StatusReport report = status();
      return new Standing(report, check.drift(report, ahead));
    }
  }

  /**
   * Writes the migration that turns the schema the migrations build into the one {@code schemaFile}
   * describes, with a {@code down.sql} that reverses it, then applies it to the development
   * database unless {@code apply} is false.
   *
   * @throws StrataException REFUSED when a change can lose data and {@code allowDataLoss} is false
   */
  public DevResult dev(
      String name, Optional<Path> schemaFile, boolean allowDataLoss, boolean apply) {
    return new SchemaCommands(connections).dev(name, schemaFile, allowDataLoss, apply);
  }
}

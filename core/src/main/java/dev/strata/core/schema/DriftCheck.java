package dev.strata.core.schema;

import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import dev.strata.core.plan.MigrationState;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.util.List;
import java.util.Optional;

/** Drift: whether the live schema is what the applied migrations build. */
public final class DriftCheck {
  private final Connections connections;

  public DriftCheck(Connections connections) {
    this.connections = connections;
  }

  /**
   * Whether the live schema is what the applied migrations build: they are applied to a shadow
   * database and the two catalogs compared. Not checked while a migration failed, was interrupted,
   * modified or is missing (the migrations cannot say what the schema should be then), nor when the
   * only shadow server runs another major version than the target (see {@link
   * ShadowServer#incomparable}).
   */
  public Drift drift(StatusReport report) {
    return drift(report, ReadAhead.NONE);
  }

  /**
   * Starts reading the live schema on a connection of its own, to be used by {@link #drift(
   * StatusReport, ReadAhead)} while the status is worked out: the migrations folder and the history
   * are read meanwhile. Nothing is read ahead from the embedded server (a second process could race
   * to start it) nor when the catalog was already found to be the one a cached history builds.
   */
  public ReadAhead readAhead() {
    if (connections.settings().target().embedded()) return ReadAhead.NONE;
    DriftCache cache = new DriftCache(connections.settings().workingDir());
    return new ReadAhead(
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try (Database database = connections.open()) {
                if (!database.supports(Database.Capability.SCHEMAS)) return Optional.empty();
                Optional<String> before = database.schemas().catalogStamp();
                if (before.isEmpty() || cache.knowsStamp(before.get())) return Optional.empty();
                Schema live = database.schemas().read(connections.historyTable(database));
                return Optional.of(new ReadAhead.Live(before.get(), live));
              } catch (RuntimeException e) {
                // The drift check reads it again, and reports what fails then.
                return Optional.empty();
              }
            },
            runnable -> {
              Thread thread = new Thread(runnable, "strata-schema-read-ahead");
              thread.setDaemon(true);
              thread.start();
            }));
  }

  /**
   * The live schema read ahead, and the catalog stamp taken before it was read. Used only if the
   * catalog still has that stamp once the read is over: then nothing changed while it was read.
   */
  public static final class ReadAhead implements AutoCloseable {
    static final ReadAhead NONE =
        new ReadAhead(java.util.concurrent.CompletableFuture.completedFuture(Optional.empty()));

    record Live(String stamp, Schema schema) {}

    private final java.util.concurrent.CompletableFuture<Optional<Live>> reading;

    private ReadAhead(java.util.concurrent.CompletableFuture<Optional<Live>> reading) {
      this.reading = reading;
    }

    /**
     * The schema read ahead, if the catalog had stamp {@code now} before it was read.
     *
     * @param now taken after {@link #close()} returned
     */
    Optional<Schema> at(Optional<String> now) {
      if (now.isEmpty()) return Optional.empty();
      return reading.join().filter(l -> l.stamp().equals(now.get())).map(Live::schema);
    }

    /** Waits for the read to end, so that its connection is closed before the caller goes on. */
    @Override
    public void close() {
      reading.join();
    }
  }

  /**
   * As {@link #drift(StatusReport)}, with the live schema read ahead where it is still the live
   * one.
   */
  public Drift drift(StatusReport report, ReadAhead ahead) {
    List<MigrationStatus> blocking =
        report.inState(
            MigrationState.FAILED,
            MigrationState.INTERRUPTED,
            MigrationState.MODIFIED,
            MigrationState.MISSING);
    if (!blocking.isEmpty()) {
      return Drift.skipped(
          "drift not checked: migration `"
              + blocking.get(0).name()
              + "` is "
              + blocking.get(0).state().word());
    }
    // What a repeatable migration built when it was last applied is in no file any more.
    for (MigrationStatus status : report.inState(MigrationState.PENDING)) {
      if (status.migration().filter(Migration::repeatable).isPresent()
          && status.latest().filter(r -> r.isFinished() && !r.isRolledBack()).isPresent()) {
        return Drift.skipped(
            "drift not checked: repeatable migration `"
                + status.name()
                + "` changed since it was last applied; deploy applies it again");
      }
    }
    List<Migration> applied =
        report.inState(MigrationState.APPLIED).stream()
            .map(s -> s.migration().orElseThrow())
            .toList();
    return connections.withDatabase(
        database -> {
          if (!database.supports(Database.Capability.SCHEMAS)) {
            return Drift.skipped(
                "drift not checked: reading schemas is not supported on " + database.description());
          }
          var historyTable = connections.historyTable(database);
          DriftCache cache = new DriftCache(connections.settings().workingDir());
          String key =
              DriftCache.key(
                  applied,
                  database.schemas().scope().map(s -> s + ":").orElse("") + historyTable,
                  database.schemas().catalogVersion());
          Optional<DriftCache.Entry> known = cache.get(key);
          ahead.close();
          // The fastest path: this catalog, unchanged since its schema was found to be the one
          // these migrations build. Read before the schema, so a change made while it is read
          // cannot be credited to the state before it.
          Optional<String> stamp = database.schemas().catalogStamp();
          if (known.isPresent()
              && stamp.isPresent()
              && known.get().stamps().contains(stamp.get())) {
            return Drift.checked(new SchemaComparison(List.of()));
          }
          Optional<Schema> readAhead = ahead.at(stamp);
          Schema live = readAhead.orElseGet(() -> database.schemas().read(historyTable));
          // The fast path: the live schema is the one a shadow built from these very migrations
          // last time. Anything else (a change, a cache miss) is checked on a shadow database.
          String liveFingerprint = DriftCache.fingerprint(live);
          Optional<String> unchanged =
              readAhead.isPresent()
                  ? stamp
                  : stamp.filter(s -> database.schemas().catalogStamp().equals(Optional.of(s)));
          if (known.filter(e -> e.fingerprint().equals(liveFingerprint)).isPresent()) {
            cache.put(key, liveFingerprint, unchanged);
            return Drift.checked(new SchemaComparison(List.of()));
          }
          try (ShadowServer shadow = new ShadowServer(connections, database)) {
            Optional<String> incomparable = shadow.incomparable();
            if (incomparable.isPresent()) {
              return Drift.skipped("drift not checked: " + incomparable.get());
            }
            Schema expected;
            try {
              // Read again only here: the fast paths need no file, and 800 of them take a while.
              MigrationSet set = connections.migrations();
              expected =
                  new Shadow(shadow.server(), database.schemas().scope())
                      .fromMigrations(set, applied);
            } catch (StrataException e) {
              // A migration resolved as applied after it was completed by hand may not replay:
              // status still reports the migrations, and says why drift was not checked.
              return Drift.skipped("drift not checked: " + e.getMessage());
            }
            String expectedFingerprint = DriftCache.fingerprint(expected);
            cache.put(
                key,
                expectedFingerprint,
                unchanged.filter(s -> expectedFingerprint.equals(liveFingerprint)));
            return Drift.checked(database.schemas().compare(expected, live));
          }
        });
  }
}

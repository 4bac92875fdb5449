package dev.strata.core.history;

import dev.strata.core.connect.Connections;
import dev.strata.core.source.MigrationSet;

/**
 * {@code strata resolve}: settles a failed or interrupted migration by hand, under the deploy lock;
 * and the record of a migration undone by a restore.
 */
public final class Resolution {
  private final Connections connections;

  public Resolution(Connections connections) {
    this.connections = connections;
  }

  public void applied(String name) {
    resolve(name, (resolver, set) -> resolver.markApplied(set, name));
  }

  public void rolledBack(String name) {
    resolve(name, (resolver, set) -> resolver.markRolledBack(set, name));
  }

  /** A failed migration that ran statement by statement continues where it stopped. */
  public void resume(String name) {
    resolve(name, (resolver, set) -> resolver.markResumable(set, name));
  }

  /**
   * The statement an interrupted run left in flight did ({@code completed}) or did not complete.
   */
  public void inFlight(String name, boolean completed) {
    resolve(name, (resolver, set) -> resolver.settleInFlight(set, name, completed));
  }

  private void resolve(String name, java.util.function.BiConsumer<Resolver, MigrationSet> change) {
    MigrationSet set = connections.migrations();
    connections.withDatabase(
        database -> {
          HistoryTable table = connections.historyTable(database);
          try (var lock = database.lock(table, connections.settings().lockWait(), (h, w) -> {})) {
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

  /**
   * Writes into the history that a migration failed and was rolled back (after the database was
   * restored to before the run): it is pending again, and its logs say what happened.
   */
  public void recordRolledBackFailure(String name, String logs) {
    MigrationSet set = connections.migrations();
    connections.withDatabase(
        database -> {
          var history = database.history(connections.historyTable(database));
          history.createIfMissing();
          String checksum = set.find(name).map(history::checksum).orElse("");
          String id = java.util.UUID.randomUUID().toString();
          history.write(
              new dev.strata.core.history.HistoryWrite.FailedNew(id, name, checksum, logs));
          history.write(new dev.strata.core.history.HistoryWrite.RolledBack(id));
          return null;
        });
  }
}

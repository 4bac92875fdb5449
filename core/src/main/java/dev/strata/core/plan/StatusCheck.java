package dev.strata.core.plan;

import dev.strata.core.connect.Connections;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.MigrationSet;

/**
 * {@code strata status}: where the database stands against the migrations folder, and who is
 * deploying now.
 */
public final class StatusCheck {
  private final Connections connections;

  public StatusCheck(Connections connections) {
    this.connections = connections;
  }

  public StatusReport report() {
    MigrationSet set = connections.migrations();
    return connections.withDatabase(
        database -> {
          Connections.checkProvider(set, database);
          HistoryTable table = connections.historyTable(database);
          var history = database.history(table);
          return Planner.plan(table, set, history.list())
              .withDeployInProgress(database.lockHolder(table));
        });
  }
}

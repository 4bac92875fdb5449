package dev.strata.core.schema;

import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.source.MigrationSet;
import java.util.List;

/** Drift: whether the live schema is what the applied migrations build. */
public final class DriftCheck {
  private final Connections connections;

  public DriftCheck(Connections connections) {
    this.connections = connections;
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
    MigrationSet set = connections.migrations();
    return connections.withDatabase(
        database -> {
          if (!database.supports(dev.strata.core.dialect.Database.Capability.SCHEMAS)) {
            return dev.strata.core.schema.Drift.skipped(
                "drift not checked: reading schemas is not supported on " + database.description());
          }
          try (ShadowServer shadow = new ShadowServer(connections, database)) {
            dev.strata.core.schema.Schema expected;
            try {
              expected =
                  new dev.strata.core.schema.Shadow(shadow.server()).fromMigrations(set, applied);
            } catch (StrataException e) {
              // A migration resolved as applied after it was completed by hand may not replay:
              // status still reports the migrations, and says why drift was not checked.
              return dev.strata.core.schema.Drift.skipped("drift not checked: " + e.getMessage());
            }
            var live =
                database
                    .schemas()
                    .read(database.historyTable(connections.settings().historyTable()));
            return dev.strata.core.schema.Drift.checked(database.schemas().compare(expected, live));
          }
        });
  }
}

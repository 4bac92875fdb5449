package dev.strata.core.execute;

import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.schema.ShadowServer;
import dev.strata.core.source.MigrationSet;
import java.util.Optional;

/**
 * {@code strata deploy}: applies what is pending, reviewed first under the deploy lock when the
 * policy asks.
 */
public final class Deployment {
  private final Connections connections;

  public Deployment(Connections connections) {
    this.connections = connections;
  }

  /** Applies pending migrations with the given options (atomic, lock wait, timeouts, retries). */
  public DeployResult deploy(
      dev.strata.core.execute.DeployOptions options, DeployListener listener) {
    MigrationSet set = connections.migrations();
    return connections.withDatabase(
        database -> {
          Connections.checkProvider(set, database);
          HistoryTable table = connections.historyTable(database);
          return new Deployer(database, table).deploy(set, options, listener);
        });
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
    MigrationSet set = connections.migrations();
    return connections.withDatabase(
        database -> {
          Connections.checkProvider(set, database);
          HistoryTable table = connections.historyTable(database);
          // A dialect without the review deploys as --review off would, and says so.
          if (!database.supports(Database.Capability.REVIEW)) {
            reviewed.accept(
                new dev.strata.core.review.ReviewReport(
                    java.util.List.of(),
                    false,
                    Optional.empty(),
                    0,
                    0,
                    java.util.List.of(
                        "not reviewed: the review is not supported on " + database.description())));
            return new Deployer(database, table).deploy(set, options, listener);
          }
          try (ShadowServer shadow = new ShadowServer(connections, database)) {
            dev.strata.core.execute.DeployOptions.Gate gate =
                (allPlans, report) -> {
                  // A migration that resumes part-way passed this gate when it first ran (or was
                  // deployed with --review off): replayed whole on a shadow made from the live
                  // schema, its applied statements would fail there. Its remaining statements
                  // were checked to be the file's before the resume.
                  java.util.Set<String> resumed = new java.util.HashSet<>();
                  for (var status : report.toApply()) {
                    status
                        .latest()
                        .filter(row -> row.appliedStepsCount() > 0 && row.finishedAt() == null)
                        .ifPresent(row -> resumed.add(status.name()));
                  }
                  java.util.List<ScriptPlan> plans =
                      allPlans.stream()
                          .filter(p -> !resumed.contains(p.migration().name()))
                          .toList();
                  var scope = policy.observation();
                  Optional<ShadowServer> server =
                      scope.isPresent() ? Optional.of(shadow) : Optional.empty();
                  var review =
                      new dev.strata.core.review.Reviewer(
                              database,
                              table,
                              server,
                              options.limits().lockTimeout(),
                              scope.orElse(dev.strata.core.review.Reviewer.Scope.ALL))
                          .review(plans, policy.sampleRows());
                  if (!resumed.isEmpty()) {
                    review =
                        review.withNote(
                            "not reviewed again, as they resume part-way: "
                                + String.join(", ", new java.util.TreeSet<>(resumed)));
                  }
                  reviewed.accept(review);
                  review.refuseHazards(policy.allowedHazards());
                };
            return new Deployer(database, table).deploy(set, options.withGate(gate), listener);
          }
        });
  }
}

package dev.strata.core.review;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.schema.ShadowServer;
import dev.strata.core.source.MigrationSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code strata review}: the rules on the text of what a deploy would apply, and what each
 * migration does on a shadow database.
 */
public final class ReviewRun {
  private final Connections connections;

  public ReviewRun(Connections connections) {
    this.connections = connections;
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
    return review(names, observe, sampleRows, lockTimeout, Reviewer.Scope.ALL);
  }

  /**
   * @param scope which migrations run observed: all of them ({@code strata review}), or only what
   *     can matter to the application (before a deploy)
   */
  public dev.strata.core.review.ReviewReport review(
      List<String> names,
      boolean observe,
      int sampleRows,
      Optional<java.time.Duration> lockTimeout,
      Reviewer.Scope scope) {
    MigrationSet set = connections.migrations();
    return connections.withDatabase(
        database -> {
          Connections.checkProvider(set, database);
          HistoryTable table = connections.historyTable(database);
          var history = database.history(table);
          StatusReport report = Planner.plan(table, set, history.list());
          var scripts =
              database.scripts(table, dev.strata.core.execute.RunLimits.NONE, (plan, note) -> {});
          List<dev.strata.core.execute.ScriptPlan> plans = new java.util.ArrayList<>();
          for (var status : selectForReview(report, names, set)) {
            plans.add(scripts.analyze(status.migration().orElseThrow()));
          }
          try (ShadowServer shadow = new ShadowServer(connections, database)) {
            Optional<ShadowServer> server = observe ? Optional.of(shadow) : Optional.empty();
            var all =
                new dev.strata.core.review.Reviewer(database, table, server, lockTimeout, scope)
                    .review(plans, sampleRows);
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
}

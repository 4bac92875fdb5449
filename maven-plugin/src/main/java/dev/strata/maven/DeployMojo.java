package dev.strata.maven;

import dev.strata.core.Strata;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.ReviewPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code strata:deploy}: reviews, then applies every pending migration, as {@code strata deploy}.
 */
@Mojo(name = "deploy", threadSafe = true, requiresProject = true)
public class DeployMojo extends StrataMojo {
  /** The review first: auto, full, static or off (as --review). */
  @Parameter(property = "strata.review", defaultValue = "auto")
  String review;

  /** Error-level findings that do not stop the deploy, by code (as --allow-hazards). */
  @Parameter(property = "strata.allowHazards")
  List<String> allowHazards;

  /** lock_timeout for the migrations' statements, as 5s, 500ms or 2min (as --lock-timeout). */
  @Parameter(property = "strata.lockTimeout")
  String lockTimeout;

  @Override
  void run(Strata strata) {
    Set<String> allowed = new HashSet<>(allowHazards == null ? List.of() : allowHazards);
    ReviewPolicy policy =
        new ReviewPolicy(
            ReviewPolicy.Mode.valueOf(review.trim().toUpperCase(java.util.Locale.ROOT)),
            allowed,
            0);
    RunLimits limits =
        new RunLimits(
            dev.strata.core.config.Durations.parse("lockTimeout", lockTimeout),
            Optional.empty(),
            0);
    var result =
        strata.deploy(
            new DeployOptions(false, Duration.ofSeconds(lockWait), limits),
            policy,
            report -> {
              for (Finding f : report.findings()) {
                if (f.level() == Level.INFO) continue;
                String line =
                    f.level().word()
                        + " "
                        + f.code()
                        + " "
                        + f.file()
                        + ":"
                        + f.line()
                        + ": "
                        + f.summary();
                if (f.level() == Level.ERROR) getLog().error(line);
                else getLog().warn(line);
              }
            },
            new DeployListener() {
              @Override
              public void applied(ScriptPlan plan, Duration took) {
                getLog()
                    .info("Applied " + plan.migration().name() + " (" + took.toMillis() + " ms)");
              }
            });
    result.warnings().forEach(getLog()::warn);
    getLog()
        .info(
            result.applied().isEmpty()
                ? "No pending migrations to apply. Database schema is up to date."
                : "Applied "
                    + result.applied().size()
                    + " migration(s) to "
                    + result.database()
                    + ".");
  }
}

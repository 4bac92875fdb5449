package dev.strata.maven;

import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.ReviewReport;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code strata:review}: the review of every pending migration (text rules, and what each does on a
 * shadow database). Fails the build on an error-level finding, as {@code strata review} exits 4.
 */
@Mojo(name = "review", threadSafe = true, requiresProject = true)
public class ReviewMojo extends StrataMojo {
  /** Text rules only: no shadow database. */
  @Parameter(property = "strata.static", defaultValue = "false")
  boolean staticOnly;

  @Override
  void run(Strata strata) throws MojoFailureException {
    ReviewReport report = strata.review(List.of(), !staticOnly, 0, Optional.empty());
    for (Finding f : report.findings()) {
      String line =
          f.level().word() + " " + f.code() + " " + f.file() + ":" + f.line() + ": " + f.summary();
      switch (f.level()) {
        case ERROR -> getLog().error(line);
        case WARNING -> getLog().warn(line);
        default -> getLog().info(line);
      }
    }
    long errors = report.count(Level.ERROR);
    getLog()
        .info(
            "Review: "
                + errors
                + " error(s), "
                + report.count(Level.WARNING)
                + " warning(s), "
                + report.count(Level.INFO)
                + " info(s).");
    if (errors > 0) {
      throw failure(
          ExitCode.NEEDS_ATTENTION,
          "the review found " + errors + " error-level finding(s); `strata review` explains each");
    }
  }
}

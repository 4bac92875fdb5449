package dev.strata.maven;

import dev.strata.core.Strata;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code strata:baseline}: records the migrations a database predates as applied, once its live
 * schema is found to be what they build (as {@code strata baseline}).
 */
@Mojo(name = "baseline", threadSafe = true, requiresProject = true)
public class BaselineMojo extends StrataMojo {
  /** A Flyway version or a migration's name; none: every migration in the folder. */
  @Parameter(property = "strata.baselineVersion")
  String version;

  @Parameter(property = "strata.acceptDifferences", defaultValue = "false")
  boolean acceptDifferences;

  @Override
  void run(Strata strata) {
    var result = strata.baseline(Optional.ofNullable(version), acceptDifferences);
    getLog()
        .info(
            "Baselined "
                + result.database()
                + " at "
                + result.upTo()
                + ": "
                + result.covered().size()
                + " migration(s) recorded as applied.");
  }
}

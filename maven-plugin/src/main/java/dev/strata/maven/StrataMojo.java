package dev.strata.maven;

import dev.strata.core.ExitCode;
import dev.strata.core.Strata;
import dev.strata.core.StrataBuilder;
import dev.strata.core.StrataException;
import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal takes: the database, the migrations, the history table. Each goal is one call of
 * Strata's API; a {@link StrataException} fails the build with Strata's message and exit code, any
 * other error is a build error.
 */
abstract class StrataMojo extends AbstractMojo {
  /**
   * The database: postgresql://user:password@host:5432/db or jdbc:postgresql:…; none: DATABASE_URL,
   * then .env in the project's folder, else the embedded PostgreSQL under .strata/.
   */
  @Parameter(property = "strata.url")
  String url;

  /** The migrations folder. */
  @Parameter(
      property = "strata.dir",
      defaultValue = "${project.basedir}/src/main/resources/db/migrations")
  File dir;

  /** The history table, [schema.]name; none: the one the database has, else the folder's own. */
  @Parameter(property = "strata.historyTable")
  String historyTable;

  /** Seconds to wait for another deployer's lock. */
  @Parameter(property = "strata.lockWait", defaultValue = "60")
  int lockWait;

  /** Values for ${key} placeholders in the migrations. */
  @Parameter Map<String, String> placeholders = new LinkedHashMap<>();

  /** Skips the goal. */
  @Parameter(property = "strata.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("strata: skipped");
      return;
    }
    try {
      run(strata());
    } catch (StrataException e) {
      throw new MojoFailureException(
          "strata: " + e.getMessage() + " (exit code " + e.exitCode().code() + ")", e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException("strata: unexpected failure: " + e, e);
    }
  }

  abstract void run(Strata strata) throws MojoFailureException;

  private Strata strata() {
    StrataBuilder builder =
        Strata.configure()
            .workingDir(basedir.toPath())
            .dir(dir.toPath())
            .historyTable(historyTable)
            .lockWait(Duration.ofSeconds(lockWait));
    if (url != null && !url.isBlank()) builder.url(url);
    placeholders.forEach(builder::placeholder);
    return builder.load();
  }

  /** Fails the build as Strata's CLI would exit. */
  static MojoFailureException failure(ExitCode code, String message) {
    return new MojoFailureException("strata: " + message + " (exit code " + code.code() + ")");
  }
}

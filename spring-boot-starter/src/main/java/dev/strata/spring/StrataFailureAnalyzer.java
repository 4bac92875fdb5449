package dev.strata.spring;

import dev.strata.core.StrataException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start-up stopped by Strata is reported with Strata's own message, not a bean stack. */
public class StrataFailureAnalyzer extends AbstractFailureAnalyzer<StrataException> {
  @Override
  protected FailureAnalysis analyze(Throwable root, StrataException cause) {
    return new FailureAnalysis(
        "Strata did not deploy the migrations: " + cause.getMessage(),
        "Run `strata status` and `strata review` against the same database for the details; set"
            + " strata.enabled=false to start without migrating.",
        cause);
  }
}

package dev.strata.core.fleet;

import dev.strata.core.Strata;
import dev.strata.core.StrataException;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import dev.strata.core.review.Finding;
import dev.strata.core.review.Level;
import dev.strata.core.review.MigrationReview;
import dev.strata.core.review.ReviewPolicy;
import dev.strata.core.review.ReviewReport;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The work on one target of a fleet, as an orchestrator calls it: plan (its status, or the review
 * its deploy would run) and apply (a deploy, reviewed as {@code strata deploy} reviews), each
 * returning an outcome and throwing nothing. A Spring Batch partition, a Temporal activity or a
 * Kubernetes pod runs one target with these and gets what {@code strata fleet} reports for it.
 */
public final class TargetWork {
  private TargetWork() {}

  /**
   * Applies the pending migrations of one target.
   *
   * @param url the target, as listed (shown with its password masked)
   * @param strata made for that target; made inside, so a bad URL is that target's failure
   */
  public static TargetOutcome deploy(
      String url, Supplier<Strata> strata, DeployOptions options, ReviewPolicy policy) {
    long start = System.nanoTime();
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    DeployListener listener =
        new DeployListener() {
          @Override
          public void applied(ScriptPlan plan, Duration took) {
            applied.add(plan.migration().name());
          }

          @Override
          public void appliedAtomically(List<ScriptPlan> plans, Duration took) {
            for (ScriptPlan p : plans) applied.add(p.migration().name());
          }
        };
    try {
      strata.get().deploy(options, policy, review -> {}, listener);
      return new TargetOutcome(
          mask(url),
          applied.isEmpty() ? TargetOutcome.State.UP_TO_DATE : TargetOutcome.State.APPLIED,
          applied,
          millisSince(start),
          Optional.empty(),
          List.of());
    } catch (RuntimeException e) {
      return failed(url, e, applied, start);
    }
  }

  /**
   * Where one target stands: its pending migrations, and what needs attention.
   *
   * @param drift also compare its live schema with what its applied migrations build
   */
  public static TargetOutcome status(String url, Supplier<Strata> strata, boolean drift) {
    long start = System.nanoTime();
    try {
      Strata s = strata.get();
      StatusReport report = s.status();
      List<String> pending = report.toApply().stream().map(MigrationStatus::name).toList();
      List<String> detail = new ArrayList<>();
      for (MigrationStatus m : report.needingAttention()) {
        detail.add(m.state().word() + " " + m.name());
      }
      boolean attention = !detail.isEmpty();
      boolean drifted = false;
      if (drift && !attention) {
        var d = s.drift(report);
        if (d.drifted()) {
          drifted = true;
          detail.add(
              "the live schema differs from its migrations (`strata status` on it lists how)");
        }
        d.skipped().ifPresent(why -> detail.add("drift not checked: " + why));
      }
      TargetOutcome.State state =
          attention
              ? TargetOutcome.State.NEEDS_ATTENTION
              : drifted
                  ? TargetOutcome.State.DRIFTED
                  : pending.isEmpty()
                      ? TargetOutcome.State.UP_TO_DATE
                      : TargetOutcome.State.PENDING;
      return new TargetOutcome(
          mask(url), state, pending, millisSince(start), Optional.empty(), detail);
    } catch (RuntimeException e) {
      return failed(url, e, List.of(), start);
    }
  }

  /**
   * The review a deploy of one target would run first, as {@code policy} says, without applying
   * anything: which pending migrations it reviewed, and the findings that would stop the deploy.
   */
  public static TargetOutcome review(
      String url,
      Supplier<Strata> strata,
      ReviewPolicy policy,
      Optional<java.time.Duration> lockTimeout) {
    long start = System.nanoTime();
    try {
      ReviewReport report = strata.get().reviewBeforeDeploy(policy, lockTimeout);
      List<String> reviewed = report.migrations().stream().map(MigrationReview::migration).toList();
      List<String> detail = new ArrayList<>();
      List<Finding> blocking = report.blocking(policy.allowedHazards());
      for (Finding f : blocking) {
        detail.add("[" + f.code() + "] " + f.location() + ": " + f.summary());
      }
      long warnings = report.count(Level.WARNING);
      if (warnings > 0) {
        detail.add(
            warnings
                + (warnings == 1 ? " warning" : " warnings")
                + " (`strata review` on this target lists them)");
      }
      detail.addAll(report.notes());
      TargetOutcome.State state =
          !blocking.isEmpty()
              ? TargetOutcome.State.NEEDS_ATTENTION
              : reviewed.isEmpty() ? TargetOutcome.State.UP_TO_DATE : TargetOutcome.State.REVIEWED;
      return new TargetOutcome(
          mask(url), state, reviewed, millisSince(start), Optional.empty(), detail);
    } catch (RuntimeException e) {
      return failed(url, e, List.of(), start);
    }
  }

  private static TargetOutcome failed(
      String url, RuntimeException e, List<String> applied, long start) {
    String message =
        e instanceof StrataException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    message = dev.strata.core.config.DatabaseUrls.scrub(message, url);
    return new TargetOutcome(
        mask(url),
        unreachable(e) ? TargetOutcome.State.UNREACHABLE : TargetOutcome.State.FAILED,
        applied,
        millisSince(start),
        Optional.of(message),
        List.of());
  }

  /**
   * Whether the failure was reaching the server: a connection refused or timed out, a host not
   * found, as the network's own exceptions under the driver's say (core reads no driver's errors).
   */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof java.net.SocketTimeoutException) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  static String mask(String url) {
    return dev.strata.core.config.DatabaseUrls.mask(url);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}

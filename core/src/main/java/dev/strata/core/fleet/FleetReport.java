package dev.strata.core.fleet;

import dev.strata.core.ExitCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a fleet run came to: every target in the order of the list, and why the run stopped starting
 * new ones, if it did.
 */
public record FleetReport(List<TargetOutcome> targets, long millis, Optional<String> stopped) {
  public FleetReport {
    targets = List.copyOf(targets);
  }

  public Map<TargetOutcome.State, Integer> counts() {
    Map<TargetOutcome.State, Integer> counts = new EnumMap<>(TargetOutcome.State.class);
    for (TargetOutcome.State s : TargetOutcome.State.values()) counts.put(s, 0);
    for (TargetOutcome t : targets) counts.merge(t.state(), 1, Integer::sum);
    return counts;
  }

  /** Whether every target ended with all its migrations applied. */
  public boolean allUpToDate() {
    return targets.stream().allMatch(t -> t.state().upToDate());
  }

  /**
   * 0 when every target is up to date (or, for review, reviewed with nothing in the way); for
   * status 3 when some only have pending migrations, 4 when one needs attention or drifted (for
   * review: a finding that stops the deploy); 1 when a target failed, was unreachable or skipped;
   * 130 when Ctrl-C stopped the run.
   */
  public ExitCode exitCode() {
    if (stopped.filter(FleetRun.INTERRUPTED::equals).isPresent()) return ExitCode.INTERRUPTED;
    Map<TargetOutcome.State, Integer> c = counts();
    if (c.get(TargetOutcome.State.FAILED) > 0
        || c.get(TargetOutcome.State.UNREACHABLE) > 0
        || c.get(TargetOutcome.State.SKIPPED) > 0) return ExitCode.FAILED;
    if (c.get(TargetOutcome.State.NEEDS_ATTENTION) > 0 || c.get(TargetOutcome.State.DRIFTED) > 0)
      return ExitCode.NEEDS_ATTENTION;
    if (c.get(TargetOutcome.State.PENDING) > 0) return ExitCode.PENDING;
    return ExitCode.OK;
  }

  /** {@code 50 targets in 12.3 s: 49 applied, 1 failed}, states with none left out. */
  public String summary() {
    StringBuilder s =
        new StringBuilder()
            .append(targets.size())
            .append(targets.size() == 1 ? " target in " : " targets in ")
            .append(String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0))
            .append(':');
    String sep = " ";
    for (var e : counts().entrySet()) {
      if (e.getValue() == 0) continue;
      s.append(sep).append(e.getValue()).append(' ').append(e.getKey().word());
      sep = ", ";
    }
    if (targets.isEmpty()) s.append(" nothing to do");
    return s.toString();
  }
}

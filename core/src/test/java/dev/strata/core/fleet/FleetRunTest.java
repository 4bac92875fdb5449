package dev.strata.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ExitCode;
import dev.strata.core.execute.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduling of a fleet run: how many at once, what the canaries and the failure limit stop.
 * The work here is a function of the URL (the runs on real databases are in the CLI's tests).
 */
class FleetRunTest {
  private static List<String> targets(int n) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) urls.add("postgresql://h/t" + i);
    return urls;
  }

  private static TargetOutcome outcome(String url, TargetOutcome.State state) {
    return new TargetOutcome(
        url,
        state,
        List.of(),
        1,
        state.upToDate() ? Optional.empty() : Optional.of("boom"),
        List.of());
  }

  private static FleetReport run(
      List<String> urls, int parallel, int canary, int maxFailures, FleetRun.Work work) {
    return FleetRun.run(
        urls,
        new FleetOptions(parallel, canary, maxFailures, new Cancellation()),
        work,
        FleetListener.NONE,
        u -> u);
  }

  @Test
  void neverMoreThanParallelAtOnceAndEveryTargetOnce() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    FleetReport report =
        run(
            targets(60),
            4,
            0,
            0,
            url -> {
              most.accumulateAndGet(now.incrementAndGet(), Math::max);
              try {
                Thread.sleep(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              now.decrementAndGet();
              assertThat(ran.add(url)).isTrue();
              return outcome(url, TargetOutcome.State.APPLIED);
            });
    assertThat(most.get()).isBetween(2, 4);
    assertThat(ran).hasSize(60);
    assertThat(report.targets())
        .extracting(TargetOutcome::url)
        .containsExactlyElementsOf(targets(60));
    assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(report.summary()).contains("60 targets").contains("60 applied");
  }

  @Test
  void aFailingCanaryStartsNothingElse() {
    Set<String> ran = ConcurrentHashMap.newKeySet();
    FleetReport report =
        run(
            targets(20),
            8,
            3,
            Integer.MAX_VALUE,
            url -> {
              ran.add(url);
              return outcome(
                  url,
                  url.endsWith("/t1") ? TargetOutcome.State.FAILED : TargetOutcome.State.APPLIED);
            });
    assertThat(ran)
        .containsExactlyInAnyOrder("postgresql://h/t0", "postgresql://h/t1", "postgresql://h/t2");
    assertThat(report.counts().get(TargetOutcome.State.SKIPPED)).isEqualTo(17);
    assertThat(report.stopped())
        .hasValueSatisfying(s -> assertThat(s).contains("canary postgresql://h/t1"));
    assertThat(report.exitCode()).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void pastMaxFailuresNoNewTargetStarts() {
    FleetReport report =
        run(
            targets(30),
            1,
            0,
            2,
            url ->
                outcome(
                    url,
                    url.matches(".*/t(3|5|7|9)")
                        ? TargetOutcome.State.UNREACHABLE
                        : TargetOutcome.State.UP_TO_DATE));
    // One at a time: t3, t5 and t7 fail; after the third, more than 2, nothing new starts.
    assertThat(report.counts().get(TargetOutcome.State.UNREACHABLE)).isEqualTo(3);
    assertThat(report.targets().get(7).state()).isEqualTo(TargetOutcome.State.UNREACHABLE);
    assertThat(report.targets().subList(8, 30))
        .allSatisfy(t -> assertThat(t.state()).isEqualTo(TargetOutcome.State.SKIPPED));
    assertThat(report.stopped())
        .hasValueSatisfying(s -> assertThat(s).contains("--max-failures 2"));
  }

  @Test
  void anInterruptedRunStartsNothingMore() {
    Cancellation cancellation = new Cancellation();
    FleetReport report =
        FleetRun.run(
            targets(10),
            new FleetOptions(1, 0, Integer.MAX_VALUE, cancellation),
            url -> {
              if (url.endsWith("/t4")) cancellation.request();
              return outcome(url, TargetOutcome.State.APPLIED);
            },
            FleetListener.NONE,
            u -> u);
    assertThat(report.counts().get(TargetOutcome.State.APPLIED)).isEqualTo(5);
    assertThat(report.counts().get(TargetOutcome.State.SKIPPED)).isEqualTo(5);
    assertThat(report.stopped()).contains("interrupted");
  }

  @Test
  void statusExitCodesSayTheWorstOfTheFleet() {
    FleetReport pending =
        run(
            targets(3),
            2,
            0,
            9,
            url ->
                outcome(
                    url,
                    url.endsWith("t1")
                        ? TargetOutcome.State.PENDING
                        : TargetOutcome.State.UP_TO_DATE));
    assertThat(pending.exitCode()).isEqualTo(ExitCode.PENDING);
    FleetReport attention =
        run(
            targets(3),
            2,
            0,
            9,
            url ->
                outcome(
                    url,
                    url.endsWith("t1")
                        ? TargetOutcome.State.NEEDS_ATTENTION
                        : TargetOutcome.State.PENDING));
    assertThat(attention.exitCode()).isEqualTo(ExitCode.NEEDS_ATTENTION);
    assertThat(run(List.of(), 2, 0, 0, url -> null).summary()).contains("nothing to do");
  }
}

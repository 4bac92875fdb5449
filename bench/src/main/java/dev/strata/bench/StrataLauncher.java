package dev.strata.bench;

import java.util.List;

/**
 * How the {@code ./strata} wrapper runs the CLI. The suites run strata's jar with the same JVM
 * flags, so each figure is what a user of the wrapper waits for.
 */
final class StrataLauncher {
  private StrataLauncher() {}

  /** Copied from {@code ./strata}: serial GC, C1 only, class-data sharing. */
  static final List<String> JVM_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
}

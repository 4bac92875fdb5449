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

  /**
   * {@link #JVM_FLAGS}, and as {@code ./strata} does, the class-data sharing archive the build made
   * beside {@code jar} ({@code strata.jsa}) when it is there and newer than the jar.
   */
  static List<String> flags(java.nio.file.Path jar) {
    String name = jar.getFileName().toString();
    java.nio.file.Path archive =
        jar.resolveSibling(
            (name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".jsa");
    try {
      if (java.nio.file.Files.isRegularFile(archive)
          && java.nio.file.Files.getLastModifiedTime(archive)
                  .compareTo(java.nio.file.Files.getLastModifiedTime(jar))
              > 0) {
        List<String> flags = new java.util.ArrayList<>(JVM_FLAGS);
        flags.addAll(
            List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        return flags;
      }
    } catch (java.io.IOException e) {
      // No archive then.
    }
    return JVM_FLAGS;
  }
}

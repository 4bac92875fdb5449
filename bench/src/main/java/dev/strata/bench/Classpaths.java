package dev.strata.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds each JVM tool's classpath from the harness's own, minus the other tool's jars. Every jar
 * on a classpath costs a little at start-up (service-loader scans open each one), so Flyway must
 * not pay for Liquibase's jars or the other way round.
 */
final class Classpaths {

  interface Filter {
    String apply(List<String> classpath);
  }

  /** Jars only Liquibase needs (liquibase-core 4.33 and its transitive dependencies). */
  private static final List<String> LIQUIBASE_JARS =
      List.of(
          "liquibase-",
          "opencsv-",
          "snakeyaml-",
          "jaxb-api-",
          "commons-collections4-",
          "commons-text-",
          "commons-lang3-",
          "commons-io-");

  /** Jars only Flyway needs (flyway-core 11 uses Jackson for its configuration model). */
  private static final List<String> FLYWAY_JARS = List.of("flyway-", "jackson-");

  static final Filter FLYWAY_ONLY = classpath -> without(classpath, LIQUIBASE_JARS);
  static final Filter LIQUIBASE_ONLY = classpath -> without(classpath, FLYWAY_JARS);

  private Classpaths() {}

  private static String without(List<String> classpath, List<String> prefixes) {
    return classpath.stream()
        .filter(
            entry -> {
              String file = Path.of(entry).getFileName().toString();
              return prefixes.stream().noneMatch(file::startsWith);
            })
        .collect(Collectors.joining(File.pathSeparator));
  }
}

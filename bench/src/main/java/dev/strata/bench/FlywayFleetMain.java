package dev.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * What a team without a fleet tool writes with Flyway: its API in a loop, one database after the
 * other, in one JVM. {@code FlywayFleetMain <targets file of JDBC URLs> <migrations dir>}; exits
 * non-zero at the first failure, as such a loop does.
 */
public final class FlywayFleetMain {
  private FlywayFleetMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: FlywayFleetMain <targets file> <migrations dir>");
      System.exit(2);
    }
    List<String> urls = Files.readAllLines(Path.of(args[0]));
    int executed = 0;
    for (String url : urls) {
      if (url.isBlank()) continue;
      var result =
          Flyway.configure()
              .dataSource(url, null, null)
              .locations("filesystem:" + args[1])
              .load()
              .migrate();
      if (!result.success) System.exit(1);
      executed += result.migrationsExecuted;
    }
    System.out.println("flyway loop: " + urls.size() + " databases, " + executed + " migrations");
  }
}

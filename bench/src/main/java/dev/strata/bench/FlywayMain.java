package dev.strata.bench;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway as a user embeds it: default configuration, migrations from a directory. Run by the
 * harness in its own JVM: {@code FlywayMain <jdbcUrl> <dir>} (credentials inside the URL). Exits
 * non-zero on any failure.
 */
public final class FlywayMain {

  private FlywayMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: FlywayMain <jdbcUrl> <migrations dir>");
      System.exit(2);
    }
    MigrateResult result =
        Flyway.configure()
            .dataSource(args[0], null, null)
            .locations("filesystem:" + args[1])
            .load()
            .migrate();
    System.out.println(
        "flyway: " + result.migrationsExecuted + " migrations executed, success=" + result.success);
    System.exit(result.success ? 0 : 1);
  }
}

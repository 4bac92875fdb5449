package dev.strata.bench;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway as a user embeds it: default configuration, migrations from a directory. Run by the
 * harness in its own JVM: {@code FlywayMain <jdbcUrl> <dir> [info]} (credentials inside the URL):
 * {@code migrate}, or {@code info} with the third argument. Exits non-zero on any failure.
 */
public final class FlywayMain {

  private FlywayMain() {}

  public static void main(String[] args) {
    if (args.length != 2 && !(args.length == 3 && args[2].equals("info"))) {
      System.err.println("usage: FlywayMain <jdbcUrl> <migrations dir> [info]");
      System.exit(2);
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(args[0], null, null)
            .locations("filesystem:" + args[1])
            .load();
    if (args.length == 3) {
      // what `flyway info` computes: the history table read and matched with the folder
      MigrationInfoService info = flyway.info();
      System.out.println(
          "flyway info: "
              + info.applied().length
              + " applied, "
              + info.pending().length
              + " pending");
      System.exit(0);
    }
    MigrateResult result = flyway.migrate();
    System.out.println(
        "flyway: " + result.migrationsExecuted + " migrations executed, success=" + result.success);
    System.exit(result.success ? 0 : 1);
  }
}

package dev.strata.bench;

import java.nio.file.Path;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Liquibase's {@code update} command through its public command API, as the CLI runs it. Run by the
 * harness in its own JVM: {@code LiquibaseMain <jdbcUrl> <changelog.sql> [status]} (credentials
 * inside the URL). Exits non-zero on any failure.
 */
public final class LiquibaseMain {

  private LiquibaseMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && !(args.length == 3 && args[2].equals("status"))) {
      System.err.println("usage: LiquibaseMain <jdbcUrl> <changelog file> [status]");
      System.exit(2);
    }
    // Liquibase 4.30+ sends anonymous usage data by default; a network round trip has no place
    // in a timing (the CLI's own switch, LIQUIBASE_ANALYTICS_ENABLED=false, sets the same)
    System.setProperty("liquibase.analytics.enabled", "false");
    Path changelog = Path.of(args[1]).toAbsolutePath();
    // changelog paths are resolved against resource accessors, not the working directory
    Map<String, Object> scope =
        Map.of(
            Scope.Attr.resourceAccessor.name(),
            new DirectoryResourceAccessor(changelog.getParent()));
    Scope.child(
        scope,
        () ->
            command(args.length == 3 ? "status" : "update")
                .addArgumentValue("url", args[0])
                .addArgumentValue("changelogFile", changelog.getFileName().toString())
                .execute());
    System.exit(0);
  }

  /**
   * {@code status} lists the pending changesets one by one, as {@code liquibase status --verbose}.
   */
  private static CommandScope command(String name) throws Exception {
    CommandScope scope = new CommandScope(name);
    return name.equals("status") ? scope.addArgumentValue("verbose", true) : scope;
  }
}

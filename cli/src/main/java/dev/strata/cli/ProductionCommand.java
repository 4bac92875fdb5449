package dev.strata.cli;

import dev.strata.core.config.Durations;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.production.Approval;
import dev.strata.core.production.ProductionListener;
import dev.strata.core.production.ProductionOptions;
import dev.strata.core.production.ProductionPipeline;
import dev.strata.core.production.ProductionResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata production}: the guide's production migration script as one command. */
@Command(
    name = "production",
    mixinStandardHelpOptions = true,
    description = {
      "Migrate production with a verified backup and automatic rollback.",
      "Pre-flight checks, a verified backup, status, confirmation, deploy, verification; on"
          + " failure the backup is restored automatically, so the database is as it was before"
          + " the run.",
      "A run record (one JSON object per line, mode 0600) is written beside the backup."
    })
final class ProductionCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Mixin ReviewOptions reviewOptions;

  @Option(
      names = "--backup-path",
      paramLabel = "DIR",
      defaultValue = "backups/pre-migration",
      description = "Folder for the pre-migration backup (default: ${DEFAULT-VALUE}).")
  Path backupPath;

  @Option(
      names = "--force",
      description = "Do not ask before deploying, nor before the automatic restore.")
  boolean force;

  @Option(
      names = "--atomic",
      description = "Deploy the whole batch in one transaction: a failure needs no restore.")
  boolean atomic;

  @Option(
      names = "--verify-sql",
      paramLabel = "FILE",
      description =
          "Statements that must each return true after the deploy, e.g. SELECT count(*) > 0 FROM users.")
  Path verifySql;

  @Option(
      names = "--production",
      description = "The target is production (also STRATA_ENV=production).")
  boolean production;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Wait this long for another deployer (default: ${DEFAULT-VALUE}).")
  int lockWaitSeconds;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description = "PostgreSQL lock_timeout for migrations.")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      description = "PostgreSQL statement_timeout for migrations.")
  String statementTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description = "Retries of a migration whose lock wait timed out.")
  int retries;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Connections for the backup and a restore.")
  Integer jobs;

  @Override
  public Integer call() {
    var strata = common.strata(console, Duration.ofSeconds(lockWaitSeconds));
    boolean prod = console.production(production);
    var options =
        new ProductionOptions(
            strata.settings().workingDir().resolve(backupPath),
            force,
            prod,
            new DeployOptions(
                    atomic,
                    Duration.ofSeconds(lockWaitSeconds),
                    new RunLimits(
                        Durations.parse("--lock-timeout", lockTimeout),
                        Durations.parse("--statement-timeout", statementTimeout),
                        Math.max(0, retries)))
                .withCancellation(console.cancellation()),
            Optional.ofNullable(verifySql).map(p -> strata.settings().workingDir().resolve(p)),
            jobs == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, jobs),
            Version.current(),
            reviewOptions.policy());
    var out = common.json ? console.err() : console.out();
    out.println("=== Production Migration Script ===");
    ProductionResult result =
        new ProductionPipeline(strata)
            .run(
                options,
                new Steps(out),
                new TerminalApproval(console),
                new RestoreCommand.TerminalConfirmation(console),
                new Applying(out));
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("result", "success");
            g.writeStringField("backup", result.backup().toString());
            g.writeStringField("runRecord", result.runRecord().toString());
            g.writeArrayFieldStart("applied");
            for (String a : result.applied()) g.writeString(a);
            g.writeEndArray();
            g.writeArrayFieldStart("checks");
            for (String c : result.checks()) g.writeString(c);
            g.writeEndArray();
            g.writeEndObject();
          });
    } else {
      out.println();
      out.println("=== Migration Process Completed Successfully ===");
    }
    out.flush();
    return 0;
  }

  /** Prints the steps as the guide's example output does. */
  private record Steps(java.io.PrintWriter out) implements ProductionListener {
    @Override
    public void step(int number, String title) {
      out.println();
      out.println("=== Step " + number + ": " + title + " ===");
      out.flush();
    }

    @Override
    public void info(String message) {
      out.println(message);
      out.flush();
    }

    @Override
    public void warning(String message) {
      out.println("warning: " + message);
      out.flush();
    }
  }

  /** Step 5, migration by migration. */
  private record Applying(java.io.PrintWriter out)
      implements dev.strata.core.execute.DeployListener {
    @Override
    public void applied(dev.strata.core.execute.ScriptPlan plan, Duration took) {
      out.println("  applied " + plan.migration().name() + " (" + took.toMillis() + " ms)");
      out.flush();
    }

    @Override
    public void appliedAtomically(List<dev.strata.core.execute.ScriptPlan> plans, Duration took) {
      out.println(
          "  applied "
              + plans.size()
              + " migrations in one transaction ("
              + took.toMillis()
              + " ms)");
      out.flush();
    }
  }

  /** Shows what will be applied and asks; without a terminal, refuses. */
  private record TerminalApproval(Console console) implements Approval {
    @Override
    public boolean approve(String database, List<String> pending, boolean production) {
      java.io.Console terminal = System.console();
      if (terminal == null) {
        console
            .err()
            .println(
                "Refusing to deploy without confirmation: there is no terminal to ask on. Pass"
                    + " --force to deploy anyway.");
        return false;
      }
      console
          .err()
          .println("About to apply " + pending.size() + " migration(s) to " + database + ".");
      if (production) {
        String typed =
            terminal.readLine("This is PRODUCTION. Type the database name to continue: ");
        return typed != null && database.equals(typed.strip());
      }
      String answer = terminal.readLine("Continue? [y/N] ");
      return answer != null && answer.strip().equalsIgnoreCase("y");
    }
  }
}

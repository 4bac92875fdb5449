package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseUrls;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: global help and version, and the subcommands. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = StrataCommand.Version.class,
    description =
        "Production-safe database migrations: apply versioned SQL migrations, report where a"
            + " database stands, and never lose data.",
    subcommands = {
      DeployCommand.class,
      ReviewCommand.class,
      StatusCommand.class,
      ResolveCommand.class,
      NewCommand.class,
      HistoryCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      RollbackCommand.class,
      ProductionCommand.class,
      DoctorCommand.class,
      DiffCommand.class,
      PullCommand.class,
      DevCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "    0  ok",
      "    1  failed (a migration failed, the server is unreachable)",
      "    2  bad usage or configuration (unknown option, wrong password, no database)",
      "    3  migrations are pending (status)",
      "    4  a failed, modified or missing migration, or drift; review: an error",
      "    5  the deploy lock was not acquired within --lock-wait",
      "    6  refused: no confirmation, or the review found a hazard",
      "  130  interrupted by Ctrl-C or SIGTERM, after the server's work was cancelled"
    })
public final class StrataCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: try `strata deploy` or `strata status`.");
  }

  static CommandLine commandLine(
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      dev.strata.core.execute.Cancellation cancellation) {
    Console console = new Console(out, err, environment, cancellation);
    CommandLine cli = new CommandLine(new StrataCommand(), new Factory(console));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose =
              parseResult.hasMatchedOption("--verbose")
                  || parseResult.subcommand() != null
                      && parseResult.subcommand().hasMatchedOption("--verbose");
          boolean json =
              parseResult.subcommand() != null
                  && parseResult.subcommand().hasMatchedOption("--json");
          String url =
              parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--url")
                  ? parseResult.subcommand().matchedOptionValue("--url", (String) null)
                  : environment.get("DATABASE_URL");
          return ErrorReport.print(e, console, verbose, json, url);
        });
    return cli;
  }

  /** Gives each command the console it writes to. */
  private record Factory(Console console) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (ConsoleAware.class.isAssignableFrom(type)) {
        K command = CommandLine.defaultFactory().create(type);
        ((ConsoleAware) command).console(console);
        return command;
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** A command that writes to the console. */
  interface ConsoleAware {
    void console(Console console);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StrataCommand.class.getPackage().getImplementationVersion();
      return new String[] {"strata " + (version == null ? "development build" : version)};
    }
  }

  /** Prints an error as one line (or JSON), with a stack trace only when asked. */
  static final class ErrorReport {
    private ErrorReport() {}

    static int print(Exception e, Console console, boolean verbose, boolean json, String url) {
      ExitCode code = e instanceof StrataException s ? s.exitCode() : ExitCode.FAILED;
      String message =
          DatabaseUrls.scrub(
              e instanceof StrataException
                  ? e.getMessage()
                  : "Unexpected error: " + e + (verbose ? "" : " (run with --verbose for details)"),
              url);
      if (json) {
        Json.write(
            console.out(),
            g -> {
              g.writeStartObject();
              g.writeObjectFieldStart("error");
              g.writeStringField("message", message);
              g.writeNumberField("exitCode", code.code());
              if (e instanceof dev.strata.core.execute.MigrationFailedException f) {
                g.writeStringField("migration", f.migrationName());
                g.writeStringField("location", f.location());
                if (f.sqlState().isPresent()) g.writeStringField("sqlState", f.sqlState().get());
              }
              g.writeEndObject();
              g.writeEndObject();
            });
      }
      console.err().println("Error: " + message);
      if (verbose) e.printStackTrace(console.err());
      console.err().flush();
      return code.code();
    }
  }
}

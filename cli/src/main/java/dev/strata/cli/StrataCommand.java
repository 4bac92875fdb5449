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

  /** The subcommands, in the order help lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new java.util.LinkedHashMap<>();
    commands.put("deploy", DeployCommand.class);
    commands.put("review", ReviewCommand.class);
    commands.put("status", StatusCommand.class);
    commands.put("resolve", ResolveCommand.class);
    commands.put("baseline", BaselineCommand.class);
    commands.put("new", NewCommand.class);
    commands.put("history", HistoryCommand.class);
    commands.put("backup", BackupCommand.class);
    commands.put("restore", RestoreCommand.class);
    commands.put("rollback", RollbackCommand.class);
    commands.put("production", ProductionCommand.class);
    commands.put("doctor", DoctorCommand.class);
    commands.put("diff", DiffCommand.class);
    commands.put("pull", PullCommand.class);
    commands.put("dev", DevCommand.class);
    commands.put("fleet", FleetCommand.class);
    commands.put("completion", CompletionCommand.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return java.util.Collections.unmodifiableMap(commands);
  }

  /**
   * The command line for these arguments. Picocli reads the annotations of every command it is
   * given, which costs a tenth of a second or more at each start: a run of one known command (or of
   * {@code --version}) gets just that one. Help, no command, or an unknown one get them all (help
   * lists them, a typo is answered with the nearest).
   */
  static CommandLine commandLine(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      dev.strata.core.execute.Cancellation cancellation) {
    return commandLine(out, err, environment, cancellation, needed(args));
  }

  private static java.util.Collection<String> needed(String[] args) {
    for (String arg : args) {
      if (arg.equals("-V") || arg.equals("--version")) return java.util.List.of();
      if (arg.startsWith("-")) break; // help, or a mistake picocli should answer in full
      // help lists every command, and completion completes them all.
      return SUBCOMMANDS.containsKey(arg) && !arg.equals("help") && !arg.equals("completion")
          ? java.util.List.of(arg)
          : SUBCOMMANDS.keySet();
    }
    return SUBCOMMANDS.keySet();
  }

  private static CommandLine commandLine(
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      dev.strata.core.execute.Cancellation cancellation,
      java.util.Collection<String> subcommands) {
    Console console = new Console(out, err, environment, cancellation);
    Factory factory = new Factory(console);
    CommandLine cli = new CommandLine(new StrataCommand(), factory);
    for (String name : subcommands) {
      try {
        cli.addSubcommand(name, factory.create(SUBCOMMANDS.get(name)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot create the " + name + " command", e);
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // The command that ran: `fleet deploy` is a subcommand of a subcommand.
          CommandLine.ParseResult command = parseResult;
          while (command.subcommand() != null) command = command.subcommand();
          boolean verbose =
              parseResult.hasMatchedOption("--verbose") || command.hasMatchedOption("--verbose");
          boolean json = command != parseResult && command.hasMatchedOption("--json");
          String url =
              command != parseResult && command.hasMatchedOption("--url")
                  ? command.matchedOptionValue("--url", (String) null)
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

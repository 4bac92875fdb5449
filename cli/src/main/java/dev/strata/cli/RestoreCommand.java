package dev.strata.cli;

import dev.strata.core.backup.Confirmation;
import dev.strata.core.backup.RestoreOptions;
import dev.strata.core.backup.RestoreOutcome;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata restore FILE}: replace a database with a backup, atomically, after checking it. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup over the database, atomically, after checking it.",
      "Before anything changes, FILE must match its manifest (size and SHA-256). A safety backup"
          + " of the current database is taken first. The restore loads into a new database and"
          + " swaps it in by renaming, so a killed restore leaves the old database as it was; the"
          + " database's own grants, settings, comment and connection limit come back with it.",
      "Plain .sql/.sql.gz/.sql.zst dumps from pg_dump have no manifest: they need --unverified."
          + " Any other file is refused before anything happens."
    })
final class RestoreCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "FILE", description = "The backup file.")
  Path file;

  @Option(
      names = "--target-url",
      paramLabel = "URL",
      description = "Restore into this database instead of --url's.")
  String targetUrl;

  @Option(names = "--force", description = "Do not ask for confirmation.")
  boolean force;

  @Option(
      names = "--production",
      description =
          "The target is production: you must type the database name (also STRATA_ENV=production).")
  boolean production;

  @Option(names = "--no-safety-backup", description = "Skip the backup of the current database.")
  boolean noSafetyBackup;

  @Option(
      names = "--safety-dir",
      paramLabel = "DIR",
      defaultValue = "backups/safety",
      description = "Where the safety backup goes (default: ${DEFAULT-VALUE}).")
  Path safetyDir;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Connections loading in parallel (default: the core count).")
  Integer jobs;

  @Option(names = "--no-owner", description = "Do not restore object owners and privileges.")
  boolean noOwner;

  @Option(
      names = "--unverified",
      description =
          "Restore a plain-SQL dump made by pg_dump, which has no Strata manifest: nothing can"
              + " check it first. Needed even with --force.")
  boolean unverified;

  @Override
  public Integer call() {
    if (targetUrl != null) common.url = targetUrl;
    var strata = common.strata(console);
    Path backup = strata.settings().workingDir().resolve(file);
    boolean prod = console.production(production);
    int n = jobs == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, jobs);
    RestoreOutcome outcome;
    try (BackupProgress progress = new BackupProgress(console)) {
      outcome =
          strata.restore(
              backup,
              new RestoreOptions(
                  force,
                  prod,
                  !noSafetyBackup,
                  strata.settings().workingDir().resolve(safetyDir),
                  n,
                  !noOwner,
                  unverified),
              new TerminalConfirmation(console),
              progress);
    }
    var r = outcome.result();
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("database", r.database());
            g.writeStringField("file", backup.toString());
            g.writeBooleanField("verified", outcome.verified());
            if (outcome.safetyBackup().isPresent())
              g.writeStringField("safetyBackup", outcome.safetyBackup().get().toString());
            else g.writeNullField("safetyBackup");
            g.writeNumberField("rows", r.rowsLoaded());
            g.writeArrayFieldStart("checks");
            for (String c : r.checks()) g.writeString(c);
            g.writeEndArray();
            g.writeEndObject();
          });
    } else {
      console
          .out()
          .println(
              "Restored "
                  + backup.getFileName()
                  + " into database `"
                  + r.database()
                  + "` ("
                  + String.format("%,d", r.rowsLoaded())
                  + " rows).");
      for (String c : r.checks()) console.out().println("  checked: " + c);
      outcome
          .safetyBackup()
          .ifPresent(p -> console.out().println("  safety backup of the previous database: " + p));
    }
    console.out().flush();
    return 0;
  }

  /** Asks on the terminal; without one, refuses (the caller then exits 6). */
  record TerminalConfirmation(Console console) implements Confirmation {
    @Override
    public boolean confirm(Question q) {
      java.io.Console terminal = System.console();
      if (q.unverified()) {
        console.warn(
            q.file()
                + " has no manifest: Strata cannot verify it (a plain SQL dump, e.g. from pg_dump).");
      }
      if (terminal == null) {
        console
            .err()
            .println(
                "Refusing to replace database `"
                    + q.database()
                    + "` without confirmation: there is"
                    + " no terminal to ask on. Pass --force to restore anyway.");
        return false;
      }
      console
          .err()
          .println(
              "This replaces database `"
                  + q.database()
                  + "` ("
                  + q.target()
                  + ") with "
                  + q.file()
                  + ".");
      if (!q.undoes().isEmpty()) {
        console
            .err()
            .println(
                "It undoes "
                    + (q.undoes().size() == 1 ? "migration " : q.undoes().size() + " migrations: ")
                    + String.join(", ", q.undoes())
                    + ", and every change made since the backup.");
      }
      if (q.production()) {
        String typed =
            terminal.readLine("This is PRODUCTION. Type the database name to continue: ");
        return q.database().equals(typed == null ? null : typed.strip());
      }
      String answer = terminal.readLine("Continue? [y/N] ");
      return answer != null && answer.strip().equalsIgnoreCase("y");
    }
  }
}

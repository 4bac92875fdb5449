package dev.strata.cli;

import dev.strata.core.backup.RestoreOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata rollback NAME}: reverse the latest applied migration. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Reverse the latest applied migration.",
      "Runs its down.sql and marks it rolled back, in one transaction. Only the newest applied"
          + " migrations can be rolled back, newest first. The migration is pending again"
          + " afterwards.",
      "--restore-backup instead restores the backup taken before it was applied (found through"
          + " the backups' manifests), and names every migration that restore undoes."
    })
final class RollbackCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "NAME", description = "The migration to roll back.")
  String name;

  @Option(
      names = "--restore-backup",
      description = "Restore the backup taken before NAME was applied.")
  boolean restoreBackup;

  @Option(
      names = "--backup-path",
      paramLabel = "DIR",
      defaultValue = "backups/pre-migration",
      description = "Where to look for that backup (default: ${DEFAULT-VALUE}).")
  Path backupPath;

  @Option(names = "--force", description = "Do not ask before restoring a backup.")
  boolean force;

  @Option(
      names = "--production",
      description = "The target is production (also STRATA_ENV=production).")
  boolean production;

  @Option(
      names = "--no-safety-backup",
      description = "With --restore-backup: skip the safety backup.")
  boolean noSafetyBackup;

  @Override
  public Integer call() {
    var strata = common.strata(console);
    if (restoreBackup) {
      boolean prod = console.production(production);
      var outcome =
          strata.rollbackByRestoring(
              name,
              strata.settings().workingDir().resolve(backupPath),
              new RestoreOptions(
                  force,
                  prod,
                  !noSafetyBackup,
                  strata.settings().workingDir().resolve("backups/safety"),
                  Runtime.getRuntime().availableProcessors(),
                  true,
                  false),
              new RestoreCommand.TerminalConfirmation(console),
              new BackupProgress(console));
      List<String> undone = outcome.undone();
      report(
          undone,
          "restored the backup taken before it"
              + (undone.size() > 1 ? ", which undid " + String.join(", ", undone) : ""));
      return 0;
    }
    var result = strata.rollback(name, console.cancellation());
    report(
        List.of(result.name()),
        "ran " + Paths.display(result.downScript()) + " in " + result.took().toMillis() + " ms");
    return 0;
  }

  /**
   * @param pending every migration that is pending again, {@link #name} among them
   */
  private void report(List<String> pending, String how) {
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("migration", name);
            g.writeStringField("state", "rolled_back");
            g.writeStringField("how", how);
            g.writeArrayFieldStart("pendingAgain");
            for (String migration : pending) g.writeString(migration);
            g.writeEndArray();
            g.writeEndObject();
          });
    } else {
      console
          .out()
          .println(
              "Rolled back "
                  + name
                  + ": "
                  + how
                  + (pending.size() > 1
                      ? ". Pending again: "
                          + String.join(", ", pending)
                          + "; `strata deploy`"
                          + " applies them again."
                      : ". It is pending again; `strata deploy` applies it again."));
    }
    console.out().flush();
  }
}

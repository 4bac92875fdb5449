package dev.strata.core.history;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import dev.strata.core.schema.SchemaChange;
import dev.strata.core.schema.SchemaComparison;
import dev.strata.core.schema.Shadow;
import dev.strata.core.schema.ShadowServer;
import dev.strata.core.source.FlywayName;
import dev.strata.core.source.FlywayVersion;
import dev.strata.core.source.Layout;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code strata baseline}: a database that predates its migrations (its schema was made by hand, or
 * by another tool) gets them recorded as applied without running them, once its live schema is
 * found to be what they build. Flyway's {@code baseline}, and Prisma's "baselining" guide (one
 * {@code migrate resolve --applied} per migration), in one checked step.
 */
public final class Baselining {
  /** Differences listed in the refusal; the rest are counted. */
  private static final int LISTED = 20;

  private final Connections connections;

  public Baselining(Connections connections) {
    this.connections = connections;
  }

  /**
   * What was recorded.
   *
   * @param upTo the last migration the baseline covers
   * @param covered every migration recorded as applied, in order
   * @param differences how the live schema differs from what they build (empty unless accepted)
   * @param flywayRow true when Flyway's own baseline row was written, false for one row each
   */
  public record Result(
      String database,
      HistoryTable table,
      String upTo,
      List<String> covered,
      SchemaComparison differences,
      boolean flywayRow) {}

  /**
   * @param upTo a Flyway version (Flyway files) or a migration's name; empty for every migration in
   *     the folder
   * @param acceptDifferences record the baseline even when the live schema differs
   */
  public Result baseline(Optional<String> upTo, boolean acceptDifferences) {
    MigrationSet set = connections.migrations();
    List<Migration> covered = covered(set, upTo);
    return connections.withDatabase(
        database -> {
          Connections.checkProvider(set, database);
          HistoryTable table = connections.historyTable(database);
          try (Database.DeployLock lock =
              database.lock(table, connections.settings().lockWait(), (holder, waited) -> {})) {
            HistoryStore history = database.history(table);
            List<AppliedMigration> rows = history.list();
            if (!rows.isEmpty()) {
              throw new StrataException(
                  ExitCode.REFUSED,
                  "Nothing recorded: "
                      + database.description()
                      + " already has a history ("
                      + rows.size()
                      + " row(s) in "
                      + table
                      + "). A baseline is for a database that predates its migrations; to mark one"
                      + " migration applied, run `strata resolve --applied NAME`.");
            }
            if (covered.isEmpty() && !table.isFlyway()) {
              throw new StrataException(
                  ExitCode.USAGE,
                  "Nothing to baseline: no migration of "
                      + set.dir()
                      + " is at or below version "
                      + upTo.orElse("")
                      + ".");
            }
            // Nothing covered: the live schema is the baseline as it is, with nothing to check it
            // against.
            SchemaComparison differences =
                covered.isEmpty()
                    ? new SchemaComparison(List.of())
                    : differences(database, table, set, covered);
            if (!differences.isEmpty() && !acceptDifferences) {
              throw new StrataException(
                  ExitCode.NEEDS_ATTENTION,
                  "Nothing recorded: the live schema of "
                      + database.description()
                      + " is not what the migrations up to "
                      + covered.get(covered.size() - 1).name()
                      + " build ("
                      + differences.changes().size()
                      + " difference(s)): "
                      + describe(differences)
                      + ". Bring the database or the migrations in line (`strata diff` shows the"
                      + " SQL), or pass --accept-differences to record the baseline anyway.");
            }
            history.createIfMissing();
            String at =
                upTo.filter(u -> set.layout() == Layout.FLYWAY)
                    .flatMap(Baselining::parseVersion)
                    .map(v -> v.text().replace('_', '.'))
                    .orElseGet(() -> versionOrName(last(covered)));
            boolean flywayRow = table.isFlyway();
            if (flywayRow) {
              history.write(new HistoryWrite.Baseline(UUID.randomUUID().toString(), at));
            } else {
              for (Migration m : covered) {
                history.write(
                    new HistoryWrite.Resolved(
                        UUID.randomUUID().toString(), m.name(), history.checksum(m)));
              }
            }
            return new Result(
                database.description(),
                table,
                covered.isEmpty() ? at : last(covered).name(),
                covered.stream().map(Migration::name).toList(),
                differences,
                flywayRow);
          }
        });
  }

  /**
   * The migrations up to {@code upTo}, repeatable ones left out (they are applied again anyway). A
   * Flyway version below every file's covers none: Flyway's usual {@code baselineVersion = 1} with
   * migrations from V2 on.
   */
  private static List<Migration> covered(MigrationSet set, Optional<String> upTo) {
    List<Migration> versioned = set.migrations().stream().filter(m -> !m.repeatable()).toList();
    if (upTo.isEmpty()) {
      if (versioned.isEmpty()) {
        throw new StrataException(
            ExitCode.USAGE, "Nothing to baseline: " + set.dir() + " holds no versioned migration.");
      }
      return versioned;
    }
    String wanted = upTo.get();
    Optional<FlywayVersion> version =
        set.layout() == Layout.FLYWAY ? parseVersion(wanted) : Optional.empty();
    if (version.isPresent()) {
      return versioned.stream()
          .filter(
              m ->
                  FlywayName.parse(m.name())
                      .flatMap(FlywayName::version)
                      .map(v -> v.compareTo(version.get()) <= 0)
                      .orElse(false))
          .toList();
    }
    List<Migration> covered = new ArrayList<>();
    for (Migration m : versioned) {
      covered.add(m);
      if (m.name().equals(wanted)) return covered;
    }
    throw new StrataException(
        ExitCode.USAGE,
        "No migration "
            + wanted
            + " in "
            + set.dir()
            + ": give a migration's name"
            + (set.layout() == Layout.FLYWAY ? ", or a version (--version 3)" : "")
            + ".");
  }

  private static Optional<FlywayVersion> parseVersion(String text) {
    try {
      return Optional.of(FlywayVersion.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private SchemaComparison differences(
      Database database, HistoryTable table, MigrationSet set, List<Migration> covered) {
    try (ShadowServer shadow = new ShadowServer(connections, database)) {
      Optional<String> incomparable = shadow.incomparable();
      if (incomparable.isPresent()) {
        throw new StrataException(
            ExitCode.USAGE,
            "Nothing recorded: the live schema cannot be checked against the migrations: "
                + incomparable.get()
                + ".");
      }
      var expected =
          new Shadow(shadow.server(), database.schemas().scope()).fromMigrations(set, covered);
      return database.schemas().compare(expected, database.schemas().read(table));
    }
  }

  private static String describe(SchemaComparison differences) {
    List<String> listed = new ArrayList<>();
    for (SchemaChange change : differences.changes()) {
      if (listed.size() == LISTED) {
        listed.add("and " + (differences.changes().size() - LISTED) + " more");
        break;
      }
      listed.add(word(change.action()) + " " + change.object());
    }
    return String.join("; ", listed);
  }

  /** What the live database has that the migrations do not build, or lacks, or has otherwise. */
  private static String word(SchemaChange.Action action) {
    return switch (action) {
      case CREATE -> "the database has";
      case DROP -> "the database lacks";
      default -> "the database differs on";
    };
  }

  private static Migration last(List<Migration> covered) {
    return covered.get(covered.size() - 1);
  }

  /** A Flyway migration's version, as Flyway writes it; else its name. */
  private static String versionOrName(Migration m) {
    return FlywayName.parse(m.name()).flatMap(FlywayName::versionText).orElse(m.name());
  }
}

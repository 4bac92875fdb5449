package dev.strata.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ExitCode;
import dev.strata.core.history.AppliedMigration;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.Checksum;
import dev.strata.core.source.Layout;
import dev.strata.core.source.Migration;
import dev.strata.core.source.MigrationSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final HistoryTable TABLE = HistoryTable.parse("_strata_migrations");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Migration migration(String name, String sql) {
    return new Migration(
        name,
        Path.of(name, "migration.sql"),
        sql.getBytes(StandardCharsets.UTF_8),
        Optional.empty());
  }

  private static MigrationSet set(Migration... migrations) {
    return new MigrationSet(
        Path.of("migrations"), Layout.PRISMA, List.of(migrations), List.of(), Optional.empty());
  }

  private static AppliedMigration applied(Migration m, int second) {
    return new AppliedMigration(
        "id-" + m.name() + second,
        m.checksum(),
        T0.plusSeconds(second + 1),
        m.name(),
        null,
        null,
        T0.plusSeconds(second),
        1);
  }

  private static MigrationState stateOf(StatusReport report, String name) {
    return report.migrations().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Test
  void everyStateIsRecognised() {
    Migration a = migration("a", "SELECT 1;");
    Migration b = migration("b", "SELECT 2;");
    Migration c = migration("c", "SELECT 3;");
    Migration d = migration("d", "SELECT 4;");
    Migration e = migration("e", "SELECT 5;");
    Migration f = migration("f", "SELECT 6;");
    Migration gone = migration("gone", "SELECT 0;");
    var history =
        List.of(
            applied(gone, 0),
            applied(a, 1),
            new AppliedMigration(
                "b1",
                Checksum.of("old".getBytes(StandardCharsets.UTF_8)),
                T0.plusSeconds(3),
                "b",
                null,
                null,
                T0.plusSeconds(2),
                1),
            new AppliedMigration(
                "c1", c.checksum(), null, "c", "ERROR: boom", null, T0.plusSeconds(4), 0),
            new AppliedMigration("d1", d.checksum(), null, "d", null, null, T0.plusSeconds(5), 2),
            new AppliedMigration(
                "e1", e.checksum(), null, "e", "ERROR", T0.plusSeconds(7), T0.plusSeconds(6), 0));
    StatusReport report = Planner.plan(TABLE, set(a, b, c, d, e, f), history);
    assertThat(stateOf(report, "a")).isEqualTo(MigrationState.APPLIED);
    assertThat(stateOf(report, "b")).isEqualTo(MigrationState.MODIFIED);
    assertThat(stateOf(report, "c")).isEqualTo(MigrationState.FAILED);
    assertThat(stateOf(report, "d")).isEqualTo(MigrationState.INTERRUPTED);
    assertThat(stateOf(report, "e")).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(stateOf(report, "f")).isEqualTo(MigrationState.PENDING);
    assertThat(stateOf(report, "gone")).isEqualTo(MigrationState.MISSING);
    assertThat(report.exitCode()).isEqualTo(ExitCode.NEEDS_ATTENTION);
    assertThat(report.toApply()).extracting(MigrationStatus::name).containsExactly("d", "e", "f");
  }

  @Test
  void theLatestRowOfAMigrationCounts() {
    Migration a = migration("a", "SELECT 1;");
    var history =
        List.of(
            new AppliedMigration("1", a.checksum(), null, "a", "ERROR", T0.plusSeconds(1), T0, 0),
            applied(a, 5));
    StatusReport report = Planner.plan(TABLE, set(a), history);
    assertThat(stateOf(report, "a")).isEqualTo(MigrationState.APPLIED);
    assertThat(report.upToDate()).isTrue();
    assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void pendingOnlyIsExitThree() {
    StatusReport report = Planner.plan(TABLE, set(migration("a", "SELECT 1;")), List.of());
    assertThat(report.exitCode()).isEqualTo(ExitCode.PENDING);
    assertThat(report.upToDate()).isFalse();
  }

  @Test
  void windowsLineEndingsAreNotModified() {
    Migration unix = migration("a", "SELECT 1;\nSELECT 2;\n");
    Migration windows = migration("a", "SELECT 1;\r\nSELECT 2;\r\n");
    StatusReport report = Planner.plan(TABLE, set(windows), List.of(applied(unix, 0)));
    assertThat(stateOf(report, "a")).isEqualTo(MigrationState.APPLIED);
  }

  @Test
  void pendingMigrationSortingBeforeAnAppliedOneIsWarnedAbout() {
    Migration a = migration("a", "SELECT 1;");
    Migration b = migration("b", "SELECT 2;");
    StatusReport report = Planner.plan(TABLE, set(a, b), List.of(applied(b, 0)));
    assertThat(report.warnings()).anyMatch(w -> w.contains("`a` is pending but sorts before `b`"));
  }

  @Test
  void aChangedRepeatableMigrationIsPendingAgainNotModified() {
    Migration v1 = migration("V1__init", "CREATE TABLE t (x int);");
    Migration views =
        new Migration(
            "R__views",
            Path.of("R__views.sql"),
            "CREATE VIEW v AS SELECT 2;".getBytes(StandardCharsets.UTF_8),
            Optional.empty(),
            true,
            java.util.Map.of());
    Migration before =
        new Migration(
            "R__views",
            Path.of("R__views.sql"),
            "CREATE VIEW v AS SELECT 1;".getBytes(StandardCharsets.UTF_8),
            Optional.empty(),
            true,
            java.util.Map.of());
    StatusReport report =
        Planner.plan(TABLE, set(v1, views), List.of(applied(v1, 0), applied(before, 2)));
    assertThat(stateOf(report, "R__views")).isEqualTo(MigrationState.PENDING);
    assertThat(report.warnings()).anyMatch(w -> w.contains("changed since it was last applied"));
    StatusReport same =
        Planner.plan(TABLE, set(v1, views), List.of(applied(v1, 0), applied(views, 2)));
    assertThat(stateOf(same, "R__views")).isEqualTo(MigrationState.APPLIED);
  }

  @Test
  void aFlywayBaselineCoversTheVersionsUpToIt() {
    Migration v1 = migration("V1__init", "SELECT 1;");
    Migration v2 = migration("V2__more", "SELECT 2;");
    Migration v3 = migration("V3__last", "SELECT 3;");
    AppliedMigration baseline =
        new AppliedMigration(
            "flyway:1", "2", T0, AppliedMigration.FLYWAY_BASELINE, null, null, T0, 0);
    StatusReport report = Planner.plan(TABLE, set(v1, v2, v3), List.of(baseline));
    assertThat(stateOf(report, "V1__init")).isEqualTo(MigrationState.APPLIED);
    assertThat(stateOf(report, "V2__more")).isEqualTo(MigrationState.APPLIED);
    assertThat(stateOf(report, "V3__last")).isEqualTo(MigrationState.PENDING);
    // The baseline row is no migration of its own: not reported missing.
    assertThat(report.migrations()).hasSize(3);
  }
}

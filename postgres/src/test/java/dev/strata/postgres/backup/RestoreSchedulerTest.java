package dev.strata.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.postgres.backup.RestoreScheduler.TableState;
import dev.strata.postgres.backup.RestoreScheduler.Task;
import org.junit.jupiter.api.Test;

/**
 * A table's work never starts only to wait for a lock its running work holds: adding a primary key
 * (ACCESS EXCLUSIVE) or validating a key (SHARE UPDATE EXCLUSIVE) runs alone on its table, index
 * builds (SHARE) run together.
 */
class RestoreSchedulerTest {

  private static Task queue(TableState table, String where, boolean shared) {
    Task task = new Task(c -> {}, where, 0, table, false, shared);
    table.afterLoad.add(task);
    return task;
  }

  @Test
  void aPrimaryKeyRunsAloneThenIndexBuildsRunTogether() {
    TableState table = new TableState();
    queue(table, "primary key", false);
    queue(table, "index a", true);
    queue(table, "index b", true);

    Task key = table.startNext();
    assertThat(key.where()).isEqualTo("primary key");
    assertThat(table.canStartNext()).isFalse();
    table.finished(key);

    Task a = table.startNext();
    assertThat(table.canStartNext()).isTrue();
    Task b = table.startNext();
    assertThat(b.where()).isEqualTo("index b");
    table.finished(a);
    table.finished(b);
    assertThat(table.idle()).isTrue();
  }

  @Test
  void aKeyCheckWaitsForTheRunningIndexBuildAndTheNextBuildWaitsForIt() {
    TableState table = new TableState();
    queue(table, "index a", true);
    queue(table, "validate fk", false);
    queue(table, "index b", true);

    Task a = table.startNext();
    assertThat(table.canStartNext()).as("the check waits for index a").isFalse();
    table.finished(a);
    Task check = table.startNext();
    assertThat(check.where()).isEqualTo("validate fk");
    assertThat(table.canStartNext()).as("index b waits for the check").isFalse();
    table.finished(check);
    assertThat(table.startNext().where()).isEqualTo("index b");
  }

  @Test
  void nothingStartsOnATableWhileItsDataIsStillLoading() {
    TableState table = new TableState();
    table.piecesQueued = 1;
    queue(table, "index a", true);
    assertThat(table.canStartNext()).isFalse();
    table.piecesQueued = 0;
    assertThat(table.canStartNext()).isTrue();
  }
}

package dev.strata.core.schema;

import dev.strata.core.schema.SchemaChange.Phase;
import java.util.ArrayList;
import java.util.List;

/** The changes that turn one schema into another, in the order they must run. */
public record SchemaComparison(List<SchemaChange> changes) {

  public SchemaComparison {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public List<SchemaChange> destructive() {
    return changes.stream().filter(SchemaChange::destructive).toList();
  }

  public List<SchemaChange> phase(Phase phase) {
    return changes.stream().filter(c -> c.phase() == phase).toList();
  }

  /** Every statement of the changes of {@code phase}. */
  public List<String> statements(Phase phase) {
    List<String> out = new ArrayList<>();
    for (SchemaChange c : phase(phase)) out.addAll(c.statements());
    return out;
  }

  /**
   * The changes as one SQL script: each change preceded by a comment that names it (and says why it
   * is destructive, or how it was made safe), phases separated by a comment that says how each must
   * run.
   */
  public String sql() {
    StringBuilder out = new StringBuilder();
    for (Phase phase : Phase.values()) {
      List<SchemaChange> list = phase(phase);
      if (list.isEmpty()) continue;
      if (phase == Phase.BEFORE)
        out.append("-- Run first, in a migration of its own (committed before the rest):\n\n");
      if (phase == Phase.AFTER)
        out.append(
            "-- Run last, in a migration of its own: these cannot run in a transaction.\n\n");
      out.append(script(list));
    }
    return out.toString();
  }

  /** The script of some changes, each with its comment. */
  public static String script(List<SchemaChange> changes) {
    StringBuilder out = new StringBuilder();
    for (SchemaChange c : changes) {
      out.append("-- ").append(c.action()).append(' ').append(c.object());
      if (c.destructive()) out.append(" [DESTRUCTIVE]");
      out.append('\n');
      if (c.reason() != null) out.append("--   ").append(c.reason()).append('\n');
      for (String s : c.statements()) out.append(s).append(";\n");
      out.append('\n');
    }
    return out.toString();
  }
}

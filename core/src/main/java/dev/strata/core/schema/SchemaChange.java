package dev.strata.core.schema;

import java.util.List;

/**
 * One change of a schema diff: what happens to which object, and the SQL that does it.
 *
 * @param action what the statements do to the object
 * @param object the object as SQL names it, e.g. {@code TABLE "public"."orders"}
 * @param statements the SQL, without trailing semicolons
 * @param destructive true when running it can lose data (a dropped table or column, a narrowed
 *     type, a recreated table); {@code reason} says how
 * @param reason why the change is destructive, or a note on how it was made safe; may be null
 * @param phase where it must run: see {@link Phase}
 * @param undo for a change that runs in a migration of its own ({@link Phase#AFTER}), the
 *     statements that reverse it in the same way (outside a transaction); empty otherwise
 */
public record SchemaChange(
    Action action,
    String object,
    List<String> statements,
    boolean destructive,
    String reason,
    Phase phase,
    List<String> undo) {

  public SchemaChange {
    statements = List.copyOf(statements);
    undo = List.copyOf(undo);
  }

  public SchemaChange(
      Action action,
      String object,
      List<String> statements,
      boolean destructive,
      String reason,
      Phase phase) {
    this(action, object, statements, destructive, reason, phase, List.of());
  }

  /** What a change does. */
  public enum Action {
    CREATE,
    DROP,
    ALTER,
    /** CREATE OR REPLACE, keeping what depends on the object. */
    REPLACE,
    /** Dropped and created again, because the database cannot alter it in place. */
    RECREATE,
    COMMENT
  }

  /** Where a change runs relative to the others. */
  public enum Phase {
    /**
     * In a migration of its own, committed first: what it adds (a new enum value) cannot be used by
     * the transaction that adds it.
     */
    BEFORE,
    /** In one transaction with the other main changes. */
    MAIN,
    /**
     * In a migration of its own, after the others: it runs outside a transaction (an index built
     * without blocking writes).
     */
    AFTER
  }
}

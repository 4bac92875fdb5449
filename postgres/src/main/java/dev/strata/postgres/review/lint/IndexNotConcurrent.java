package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.AddConstraint;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code index-not-concurrent}: an index built on a table in use without CONCURRENTLY. A plain
 * CREATE INDEX holds a SHARE lock for the whole build; ADD UNIQUE / PRIMARY KEY builds its index
 * under ACCESS EXCLUSIVE.
 */
final class IndexNotConcurrent {
  static final String CODE = "index-not-concurrent";

  private IndexNotConcurrent() {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      CreateStatement.of(st.tokens())
          .filter(c -> c.kind().equals("INDEX") && !c.concurrently() && c.on().isPresent())
          .filter(c -> text.existing(c.on().get(), st.index()))
          .ifPresent(c -> findings.add(createIndex(text, st, c)));
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                for (AddConstraint add : a.actions(AddConstraint.class)) {
                  boolean buildsIndex =
                      add.kind().equals("UNIQUE") || add.kind().equals("PRIMARY KEY");
                  if (buildsIndex && !add.usingIndex())
                    findings.add(addConstraint(text, st, a.table(), add));
                }
              });
    }
    return findings;
  }

  private static Finding createIndex(MigrationText text, ScriptStatement st, CreateStatement c) {
    String table = c.on().get().display();
    String name = c.name().map(Name::display).orElse("<name>");
    return text.finding(
        CODE,
        Level.ERROR,
        Concern.LOCKS,
        st.line(),
        c.head() + " on existing table " + table + " without CONCURRENTLY",
        "A plain CREATE INDEX holds a SHARE lock on "
            + table
            + " for the whole build: every INSERT, UPDATE and DELETE waits until the index is"
            + " built, which on a large table takes minutes.",
        "CREATE "
            + (c.unique() ? "UNIQUE " : "")
            + "INDEX CONCURRENTLY IF NOT EXISTS "
            + name
            + " ON "
            + table
            + " (...); in a migration of its own (only SET lock_timeout beside it), since"
            + " CONCURRENTLY cannot run in a transaction block.");
  }

  private static Finding addConstraint(
      MigrationText text, ScriptStatement st, Name table, AddConstraint add) {
    String name = add.name().map(Name::display).orElse("<name>");
    return text.finding(
        CODE,
        Level.ERROR,
        Concern.LOCKS,
        st.line(),
        "ALTER TABLE "
            + table.display()
            + " ADD "
            + add.name().map(n -> "CONSTRAINT " + n.display() + " ").orElse("")
            + add.kind()
            + " builds its index on existing table "
            + table.display()
            + " without CONCURRENTLY",
        "Adding a "
            + add.kind()
            + " constraint builds its index under an ACCESS EXCLUSIVE lock on "
            + table.display()
            + ": reads and writes wait for the whole build.",
        "CREATE UNIQUE INDEX CONCURRENTLY "
            + name
            + " ON "
            + table.display()
            + " (...); in a migration of its own, then ALTER TABLE "
            + table.display()
            + " ADD CONSTRAINT "
            + name
            + " "
            + add.kind()
            + " USING INDEX "
            + name
            + ";");
  }
}

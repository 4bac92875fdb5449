package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.AddColumn;
import dev.strata.postgres.review.lint.AlterTable.DropColumn;
import dev.strata.postgres.review.lint.AlterTable.DropConstraint;
import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code not-idempotent}: statements that fail when the migration runs a second time (a retry after
 * a partial failure, or a database that already has the change), for want of IF [NOT] EXISTS or OR
 * REPLACE. One finding per statement, naming each unguarded part. Statements inside DO blocks are
 * not seen, so an exception handler there counts as a guard.
 */
final class NotIdempotent {
  static final String CODE = "not-idempotent";

  private static final Set<String> IF_NOT_EXISTS_KINDS =
      Set.of(
          "TABLE",
          "INDEX",
          "SEQUENCE",
          "SCHEMA",
          "EXTENSION",
          "MATERIALIZED VIEW",
          "FOREIGN TABLE");
  private static final Set<String> OR_REPLACE_KINDS = Set.of("VIEW", "FUNCTION", "PROCEDURE");
  private static final Set<String> UNGUARDED_KINDS = Set.of("TYPE", "DOMAIN");

  private NotIdempotent() {}

  /** One unguarded part of a statement and its guarded form. */
  private record Unguarded(String what, String fix) {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      List<Unguarded> parts = new ArrayList<>();
      CreateStatement.of(st.tokens()).flatMap(c -> create(text, st, c)).ifPresent(parts::add);
      DropStatement.of(st.tokens()).flatMap(NotIdempotent::drop).ifPresent(parts::add);
      AlterTable.of(st.tokens()).ifPresent(a -> parts.addAll(alterTable(a)));
      enumValue(st.tokens()).ifPresent(parts::add);
      if (parts.isEmpty()) continue;
      findings.add(
          text.finding(
              CODE,
              Level.INFO,
              Concern.IDEMPOTENCE,
              st.line(),
              String.join("; ", parts.stream().map(Unguarded::what).toList()),
              "Run a second time (a retry after a partial failure, a database that already has"
                  + " the change) the migration fails here, or repeats its work, instead of doing"
                  + " nothing.",
              String.join(" ", parts.stream().map(Unguarded::fix).toList())));
    }
    return findings;
  }

  private static Optional<Unguarded> create(
      MigrationText text, ScriptStatement st, CreateStatement c) {
    String name = c.name().map(Name::display).orElse("");
    if (c.kind().equals("INDEX") && c.name().isEmpty()) {
      String on = c.on().map(t -> " on " + t.display()).orElse("");
      return Optional.of(
          new Unguarded(
              c.head() + on + " without a name (every run builds another, duplicate index)",
              "Name the index: CREATE INDEX IF NOT EXISTS <name>"
                  + on.replace(" on", " ON")
                  + " (...);"));
    }
    if (IF_NOT_EXISTS_KINDS.contains(c.kind()) && !c.ifNotExists()) {
      return Optional.of(
          new Unguarded(c.head() + " without IF NOT EXISTS", c.guardedHead() + " ...;"));
    }
    if (OR_REPLACE_KINDS.contains(c.kind()) && !c.orReplace()) {
      return Optional.of(
          new Unguarded(
              c.head() + " without OR REPLACE",
              "CREATE OR REPLACE " + c.kind() + " " + name + " ...;"));
    }
    if (c.kind().equals("TRIGGER") && !c.orReplace() && !droppedEarlier(text, st, c)) {
      String on = c.on().map(Name::display).orElse("<table>");
      return Optional.of(
          new Unguarded(
              c.head() + " without OR REPLACE or a DROP TRIGGER IF EXISTS before it",
              "DROP TRIGGER IF EXISTS "
                  + name
                  + " ON "
                  + on
                  + "; before it, or CREATE OR REPLACE TRIGGER (PostgreSQL 14+)."));
    }
    if (UNGUARDED_KINDS.contains(c.kind())) {
      return Optional.of(
          new Unguarded(
              c.head() + " (it has no IF NOT EXISTS)",
              "DO $$ BEGIN CREATE "
                  + c.kind()
                  + " "
                  + name
                  + " ...; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"));
    }
    return Optional.empty();
  }

  private static boolean droppedEarlier(MigrationText text, ScriptStatement st, CreateStatement c) {
    return text.statements().stream()
        .filter(o -> o.index() < st.index())
        .flatMap(o -> DropStatement.of(o.tokens()).stream())
        .anyMatch(
            d ->
                d.kind().equals("TRIGGER")
                    && c.name().isPresent()
                    && d.names().stream().anyMatch(n -> n.last().equals(c.name().get().last()))
                    && (d.on().isEmpty()
                        || c.on().isEmpty()
                        || MigrationText.sameTable(d.on().get(), c.on().get())));
  }

  private static Optional<Unguarded> drop(DropStatement d) {
    // DROP OWNED has no IF EXISTS, and drops nothing the second time.
    if (d.ifExists() || d.kind().equals("OWNED")) return Optional.empty();
    String names = String.join(", ", d.names().stream().map(Name::display).toList());
    return Optional.of(
        new Unguarded(
            d.head() + " without IF EXISTS",
            "DROP "
                + d.kind()
                + (d.concurrently() ? " CONCURRENTLY" : "")
                + " IF EXISTS "
                + names
                + d.on().map(n -> " ON " + n.display()).orElse("")
                + ";"));
  }

  private static List<Unguarded> alterTable(AlterTable a) {
    String prefix = "ALTER TABLE " + a.table().display() + " ";
    List<Unguarded> parts = new ArrayList<>();
    for (AddColumn add : a.actions(AddColumn.class)) {
      if (add.ifNotExists()) continue;
      String c = add.column().display();
      parts.add(
          new Unguarded(
              prefix + "ADD COLUMN " + c + " without IF NOT EXISTS",
              prefix + "ADD COLUMN IF NOT EXISTS " + c + " ...;"));
    }
    for (DropColumn drop : a.actions(DropColumn.class)) {
      if (drop.ifExists()) continue;
      String c = drop.column().display();
      parts.add(
          new Unguarded(
              prefix + "DROP COLUMN " + c + " without IF EXISTS",
              prefix + "DROP COLUMN IF EXISTS " + c + ";"));
    }
    for (DropConstraint drop : a.actions(DropConstraint.class)) {
      if (drop.ifExists()) continue;
      String c = drop.name().display();
      parts.add(
          new Unguarded(
              prefix + "DROP CONSTRAINT " + c + " without IF EXISTS",
              prefix + "DROP CONSTRAINT IF EXISTS " + c + ";"));
    }
    return parts;
  }

  /** {@code ALTER TYPE name ADD VALUE 'v'} without IF NOT EXISTS. */
  private static Optional<Unguarded> enumValue(StatementTokens t) {
    if (!t.isWords(0, "ALTER", "TYPE")) return Optional.empty();
    Optional<Name> type = t.nameAt(2);
    if (type.isEmpty() || !t.isWords(type.get().next(), "ADD", "VALUE")) return Optional.empty();
    int i = type.get().next() + 2;
    if (t.isWords(i, "IF", "NOT", "EXISTS") || !t.isString(i)) return Optional.empty();
    String value = "'" + t.stringValue(i).replace("'", "''") + "'";
    String prefix = "ALTER TYPE " + type.get().display() + " ADD VALUE ";
    return Optional.of(
        new Unguarded(
            prefix + value + " without IF NOT EXISTS", prefix + "IF NOT EXISTS " + value + ";"));
  }
}

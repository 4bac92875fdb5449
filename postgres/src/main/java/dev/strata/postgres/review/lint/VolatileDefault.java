package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import dev.strata.core.review.Finding.Concern;
import dev.strata.core.review.Level;
import dev.strata.postgres.review.lint.AlterTable.AddColumn;
import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code volatile-default}: a column added to a table in use whose value must be computed for each
 * existing row, so PostgreSQL rewrites the table and its indexes under ACCESS EXCLUSIVE: a DEFAULT
 * calling a volatile function, a STORED generated column, a serial or identity column. Since
 * PostgreSQL 11 a constant or STABLE default (now(), CURRENT_TIMESTAMP, statement_timestamp()) is
 * stored once in the catalog and rewrites nothing, so it is not reported.
 */
final class VolatileDefault {
  static final String CODE = "volatile-default";

  /** Built-in and contrib functions marked VOLATILE that defaults commonly call. */
  private static final Set<String> VOLATILE_FUNCTIONS =
      Set.of(
          "clock_timestamp",
          "random",
          "random_normal",
          "gen_random_uuid",
          "gen_random_bytes",
          "uuid_generate_v1",
          "uuid_generate_v1mc",
          "uuid_generate_v4",
          "uuidv4",
          "uuidv7",
          "timeofday",
          "nextval",
          "setval",
          "txid_current",
          "pg_current_xact_id");

  private static final Set<String> SERIAL_TYPES =
      Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8");

  /** Words that end a column's type, or a DEFAULT expression, in a column definition. */
  private static final Set<String> COLUMN_OPTIONS =
      Set.of(
          "DEFAULT",
          "NOT",
          "NULL",
          "CONSTRAINT",
          "CHECK",
          "UNIQUE",
          "PRIMARY",
          "REFERENCES",
          "GENERATED",
          "COLLATE");

  private VolatileDefault() {}

  /** Why the column's value is computed per row, and the safe shape. */
  private record Cause(String what, String why, String fix) {}

  static List<Finding> check(MigrationText text) {
    List<Finding> findings = new ArrayList<>();
    for (ScriptStatement st : text.statements()) {
      text.alterOfTableInUse(st)
          .ifPresent(
              a -> {
                for (AddColumn add : a.actions(AddColumn.class)) {
                  cause(a.table(), add)
                      .ifPresent(cause -> findings.add(finding(text, st, a.table(), add, cause)));
                }
              });
    }
    return findings;
  }

  private static Optional<Cause> cause(Name table, AddColumn add) {
    TokenRange def = add.definition();
    StatementTokens t = def.tokens();
    String type = t.text(def.from(), end(def, def.from() + 1, COLUMN_OPTIONS));
    String addColumn =
        "ALTER TABLE " + table.display() + " ADD COLUMN " + add.column().display() + " ";
    String column = add.column().display();
    if (SERIAL_TYPES.contains(t.upperWord(def.from())) || def.has("AS", "IDENTITY")) {
      return Optional.of(
          new Cause(
              type + (def.has("AS", "IDENTITY") ? " GENERATED AS IDENTITY" : ""),
              "The column is filled from a sequence for every existing row",
              addColumn
                  + "bigint; then create a sequence, ALTER COLUMN "
                  + column
                  + " SET DEFAULT nextval('...') for new rows, and backfill existing rows in"
                  + " batches."));
    }
    int generated = def.find("GENERATED", "ALWAYS", "AS");
    if (generated >= 0 && t.isOpenParen(generated + 3)) {
      int close = t.closingParen(generated + 3);
      if (t.isWord(close + 1, "STORED")) {
        return Optional.of(
            new Cause(
                type + " GENERATED ALWAYS AS (...) STORED",
                "A stored generated column is computed for every existing row",
                addColumn
                    + type
                    + "; (plain), fill it for new rows with a trigger and backfill existing rows"
                    + " in batches; or, on PostgreSQL 18+, a VIRTUAL generated column, computed on"
                    + " read."));
      }
    }
    int dflt = def.find("DEFAULT");
    if (dflt < 0) return Optional.empty();
    TokenRange expression = new TokenRange(t, dflt + 1, end(def, dflt + 2, COLUMN_OPTIONS));
    Optional<String> function = volatileCall(expression);
    if (function.isEmpty()) return Optional.empty();
    String value = expression.text();
    return Optional.of(
        new Cause(
            "with volatile DEFAULT " + value,
            "The default calls "
                + function.get()
                + "(), which is volatile, so it is computed for"
                + " every existing row",
            addColumn
                + type
                + "; then ALTER TABLE "
                + table.display()
                + " ALTER COLUMN "
                + column
                + " SET DEFAULT "
                + value
                + "; (new rows only), and backfill existing rows in batches: UPDATE "
                + table.display()
                + " SET "
                + column
                + " = "
                + value
                + " WHERE <key range> AND "
                + column
                + " IS NULL;"));
  }

  /** Where the first of {@code words} outside parentheses is, at or after {@code from}. */
  private static int end(TokenRange def, int from, Set<String> words) {
    StatementTokens t = def.tokens();
    int depth = 0;
    for (int i = from; i < def.to(); i++) {
      if (t.isOpenParen(i)) depth++;
      else if (t.isCloseParen(i)) depth = Math.max(0, depth - 1);
      else if (depth == 0 && words.contains(t.upperWord(i))) return i;
    }
    return def.to();
  }

  /** The first volatile function called in the expression, schema-qualified or not. */
  private static Optional<String> volatileCall(TokenRange expression) {
    StatementTokens t = expression.tokens();
    for (int i = expression.from(); i < expression.to(); i++) {
      Optional<Name> name = t.nameAt(i);
      if (name.isEmpty()) continue;
      if (VOLATILE_FUNCTIONS.contains(name.get().last()) && t.isOpenParen(name.get().next())) {
        return Optional.of(name.get().last());
      }
      i = name.get().next() - 1;
    }
    return Optional.empty();
  }

  private static Finding finding(
      MigrationText text, ScriptStatement st, Name table, AddColumn add, Cause cause) {
    String t = table.display();
    return text.finding(
        CODE,
        Level.ERROR,
        Concern.LOCKS,
        st.line(),
        "ALTER TABLE "
            + t
            + " ADD COLUMN "
            + add.column().display()
            + " "
            + cause.what()
            + " rewrites existing table "
            + t,
        cause.why()
            + ": PostgreSQL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE"
            + " lock, and reads and writes on "
            + t
            + " wait until it is done.",
        cause.fix());
  }
}

package dev.strata.postgres;

import dev.strata.core.execute.Judgement;
import dev.strata.core.execute.ScriptPlan;
import dev.strata.core.execute.Step;
import dev.strata.core.sql.SqlStatement;
import dev.strata.postgres.sql.InFlightEffect;
import dev.strata.postgres.sql.PostgresSplitter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Looks in the catalog for the effect of a statement that ran outside a transaction when its
 * deployer stopped: an index that exists and is valid was built; one left INVALID is dropped so the
 * statement runs again; a database that exists was created.
 */
final class InFlightJudge {
  private final Connection connection;

  InFlightJudge(Connection connection) {
    this.connection = connection;
  }

  Judgement judge(ScriptPlan plan, Step step) throws SQLException {
    SqlStatement statement = statementOf(plan, step);
    InFlightEffect effect = InFlightEffect.of(statement);
    if (effect instanceof InFlightEffect.IndexBuilt index) {
      Optional<IndexState> state = index(index.schema(), index.name());
      if (state.isEmpty())
        return new Judgement.RunAgain(
            "index " + index.name() + " does not exist, so it did not complete; running it again");
      if (state.get().valid())
        return new Judgement.Done(
            "index " + state.get().qualified() + " exists and is valid, so it completed");
      dropIndex(state.get().qualified());
      return new Judgement.RunAgain(
          "index "
              + state.get().qualified()
              + " was left INVALID by the interrupted build: dropped it; building it again");
    }
    if (effect instanceof InFlightEffect.IndexesDropped dropped) {
      for (List<String> name : dropped.names()) {
        Optional<String> schema = name.size() == 2 ? Optional.of(name.get(0)) : Optional.empty();
        if (index(schema, name.get(name.size() - 1)).isPresent())
          return new Judgement.RunAgain(
              "index " + String.join(".", name) + " still exists; dropping it again");
      }
      return new Judgement.Done("the indexes it drops no longer exist, so it completed");
    }
    if (effect instanceof InFlightEffect.EnumValue value) {
      boolean present =
          exists(
              "SELECT 1 FROM pg_enum WHERE enumtypid = to_regtype(?) AND enumlabel = ?",
              quotedType(value.typeName()),
              value.value());
      return present
          ? new Judgement.Done("enum value '" + value.value() + "' exists, so it completed")
          : new Judgement.RunAgain(
              "enum value '" + value.value() + "' does not exist; adding it again");
    }
    if (effect instanceof InFlightEffect.Named named) {
      String column = named.catalog().equals("pg_database") ? "datname" : "spcname";
      boolean present =
          exists("SELECT 1 FROM " + named.catalog() + " WHERE " + column + " = ?", named.name());
      String what =
          (named.catalog().equals("pg_database") ? "database " : "tablespace ") + named.name();
      return present == named.created()
          ? new Judgement.Done(
              what + (present ? " exists" : " no longer exists") + ", so it completed")
          : new Judgement.RunAgain(
              what + (present ? " still exists" : " does not exist") + "; running it again");
    }
    if (effect instanceof InFlightEffect.PreparedGone prepared) {
      boolean present = exists("SELECT 1 FROM pg_prepared_xacts WHERE gid = ?", prepared.gid());
      return present
          ? new Judgement.RunAgain(
              "prepared transaction '" + prepared.gid() + "' is still there; running it again")
          : new Judgement.Done(
              "prepared transaction '" + prepared.gid() + "' is gone, so it completed");
    }
    if (effect instanceof InFlightEffect.Repeatable repeatable) {
      return new Judgement.RunAgain(repeatable.what() + " is safe to run again; running it again");
    }
    String text = plan.text(step);
    return new Judgement.Unknown(
        "look for the effect of `"
            + (text.length() > 80 ? text.substring(0, 77) + "..." : text).replaceAll("\\s+", " ")
            + "`");
  }

  /**
   * Before a CREATE INDEX CONCURRENTLY runs: drops an INVALID index of its name; returns the name
   * when it did.
   */
  Optional<String> dropInvalidIndex(ScriptPlan plan, Step step) throws SQLException {
    if (!plan.text(step).regionMatches(true, 0, "CREATE", 0, 6)) return Optional.empty();
    InFlightEffect effect = InFlightEffect.of(statementOf(plan, step));
    if (!(effect instanceof InFlightEffect.IndexBuilt index)) return Optional.empty();
    Optional<IndexState> state = index(index.schema(), index.name());
    if (state.isEmpty() || state.get().valid()) return Optional.empty();
    dropIndex(state.get().qualified());
    return Optional.of(state.get().qualified());
  }

  private record IndexState(String qualified, boolean valid) {}

  private Optional<IndexState> index(Optional<String> schema, String name) throws SQLException {
    String sql =
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), i.indisvalid"
            + " FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND "
            + (schema.isPresent() ? "n.nspname = ?" : "n.nspname = ANY (current_schemas(false))")
            + " ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1";
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setString(1, name);
      if (schema.isPresent()) st.setString(2, schema.get());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(new IndexState(rs.getString(1), rs.getBoolean(2)))
            : Optional.empty();
      }
    }
  }

  private void dropIndex(String qualified) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
    }
  }

  private boolean exists(String sql, String... parameters) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) st.setString(i + 1, parameters[i]);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A type name as the classifier gives it ({@code public.Mood}), quoted for to_regtype. */
  private static String quotedType(String typeName) {
    StringBuilder quoted = new StringBuilder();
    for (String part : typeName.split("\\.")) {
      if (quoted.length() > 0) quoted.append('.');
      quoted.append(Sql.identifier(part));
    }
    return quoted.toString();
  }

  private static SqlStatement statementOf(ScriptPlan plan, Step step) {
    List<SqlStatement> statements = new PostgresSplitter().split(plan.text(step));
    return statements.isEmpty()
        ? new SqlStatement(plan.text(step), 0, 1, List.of(), List.of())
        : statements.get(0);
  }
}

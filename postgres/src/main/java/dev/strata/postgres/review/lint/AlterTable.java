package dev.strata.postgres.review.lint;

import dev.strata.postgres.sql.StatementTokens;
import dev.strata.postgres.sql.StatementTokens.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, ...]} read into the actions the rules
 * care about; every other action is {@link Other}.
 */
record AlterTable(Name table, List<Action> actions) {

  /** One comma-separated action of the statement. */
  sealed interface Action
      permits AddColumn,
          AddConstraint,
          AlterColumnType,
          SetNotNull,
          DropColumn,
          DropConstraint,
          RenameColumn,
          RenameTable,
          ValidateConstraint,
          Other {}

  /** {@code ADD [COLUMN] [IF NOT EXISTS] column definition}: the definition is type and options. */
  record AddColumn(Name column, boolean ifNotExists, TokenRange definition) implements Action {}

  /**
   * {@code ADD [CONSTRAINT name] kind ... [NOT VALID]}.
   *
   * @param kind {@code FOREIGN KEY}, {@code CHECK}, {@code UNIQUE}, {@code PRIMARY KEY} or {@code
   *     EXCLUDE}
   * @param usingIndex {@code UNIQUE|PRIMARY KEY USING INDEX idx}: adopts an index already built
   */
  record AddConstraint(Optional<Name> name, String kind, boolean notValid, boolean usingIndex)
      implements Action {}

  /** {@code ALTER [COLUMN] c [SET DATA] TYPE type ...}. */
  record AlterColumnType(Name column, String type) implements Action {}

  record SetNotNull(Name column) implements Action {}

  record DropColumn(Name column, boolean ifExists) implements Action {}

  record DropConstraint(Name name, boolean ifExists) implements Action {}

  record RenameColumn(Name from, Name to) implements Action {}

  record RenameTable(Name to) implements Action {}

  record ValidateConstraint(Name name) implements Action {}

  record Other() implements Action {}

  private static final Set<String> TABLE_CONSTRAINTS =
      Set.of("CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE");

  static Optional<AlterTable> of(StatementTokens t) {
    if (!t.isWords(0, "ALTER", "TABLE")) return Optional.empty();
    int i = 2;
    if (t.isWords(i, "IF", "EXISTS")) i += 2;
    if (t.isWord(i, "ONLY")) i++;
    if (t.isWords(i, "ALL", "IN")) return Optional.empty(); // ALTER TABLE ALL IN TABLESPACE
    Optional<Name> table = t.nameAt(i);
    if (table.isEmpty()) return Optional.empty();
    i = table.get().next();
    if (t.isOperator(i, '*')) i++;
    List<Action> actions = new ArrayList<>();
    for (TokenRange range : split(t, i)) actions.add(action(range));
    return Optional.of(new AlterTable(table.get(), List.copyOf(actions)));
  }

  <A extends Action> List<A> actions(Class<A> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The actions: the tokens from {@code from} on, cut at commas outside parentheses. */
  private static List<TokenRange> split(StatementTokens t, int from) {
    List<TokenRange> ranges = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < t.size(); i++) {
      if (t.isOpenParen(i)) depth++;
      else if (t.isCloseParen(i)) depth = Math.max(0, depth - 1);
      else if (depth == 0 && t.isComma(i)) {
        ranges.add(new TokenRange(t, start, i));
        start = i + 1;
      }
    }
    if (start < t.size()) ranges.add(new TokenRange(t, start, t.size()));
    return ranges;
  }

  private static Action action(TokenRange r) {
    StatementTokens t = r.tokens();
    int i = r.from();
    return switch (t.upperWord(i)) {
      case "ADD" -> add(r, i + 1);
      case "ALTER" -> alter(r, i + 1);
      case "DROP" -> drop(t, i + 1);
      case "RENAME" -> rename(t, i + 1);
      case "VALIDATE" ->
          t.isWord(i + 1, "CONSTRAINT")
              ? t.nameAt(i + 2).<Action>map(ValidateConstraint::new).orElse(new Other())
              : new Other();
      default -> new Other();
    };
  }

  private static Action add(TokenRange r, int i) {
    StatementTokens t = r.tokens();
    if (TABLE_CONSTRAINTS.contains(t.upperWord(i))) {
      Optional<Name> name = Optional.empty();
      if (t.isWord(i, "CONSTRAINT")) {
        name = t.nameAt(i + 1);
        i = name.map(Name::next).orElse(i + 1);
      }
      String kind = t.upperWord(i);
      if (kind.equals("FOREIGN") || kind.equals("PRIMARY")) kind += " KEY";
      int afterKind = kind.contains(" ") ? i + 2 : i + 1;
      boolean usingIndex = t.isWords(afterKind, "USING", "INDEX");
      boolean notValid = new TokenRange(t, i, r.to()).has("NOT", "VALID");
      return new AddConstraint(name, kind, notValid, usingIndex);
    }
    if (t.isWord(i, "COLUMN")) i++;
    boolean ifNotExists = t.isWords(i, "IF", "NOT", "EXISTS");
    if (ifNotExists) i += 3;
    Optional<Name> column = t.nameAt(i);
    if (column.isEmpty()) return new Other();
    int definition = column.get().next();
    return new AddColumn(column.get(), ifNotExists, new TokenRange(t, definition, r.to()));
  }

  private static Action alter(TokenRange r, int i) {
    StatementTokens t = r.tokens();
    if (t.isWord(i, "CONSTRAINT")) return new Other();
    if (t.isWord(i, "COLUMN")) i++;
    Optional<Name> column = t.nameAt(i);
    if (column.isEmpty()) return new Other();
    int j = column.get().next();
    if (t.isWords(j, "SET", "NOT", "NULL")) return new SetNotNull(column.get());
    if (t.isWords(j, "SET", "DATA", "TYPE")) j += 2;
    if (!t.isWord(j, "TYPE")) return new Other();
    TokenRange type = new TokenRange(t, j + 1, r.to());
    int end = type.find("COLLATE");
    if (end < 0) end = type.find("USING");
    return new AlterColumnType(column.get(), t.text(j + 1, end < 0 ? r.to() : end));
  }

  private static Action drop(StatementTokens t, int i) {
    boolean constraint = t.isWord(i, "CONSTRAINT");
    if (constraint || t.isWord(i, "COLUMN")) i++;
    boolean ifExists = t.isWords(i, "IF", "EXISTS");
    if (ifExists) i += 2;
    Optional<Name> name = t.nameAt(i);
    if (name.isEmpty()) return new Other();
    return constraint
        ? new DropConstraint(name.get(), ifExists)
        : new DropColumn(name.get(), ifExists);
  }

  private static Action rename(StatementTokens t, int i) {
    if (t.isWord(i, "CONSTRAINT")) return new Other();
    if (t.isWord(i, "TO")) return t.nameAt(i + 1).<Action>map(RenameTable::new).orElse(new Other());
    if (t.isWord(i, "COLUMN")) i++;
    Optional<Name> from = t.nameAt(i);
    if (from.isEmpty() || !t.isWord(from.get().next(), "TO")) return new Other();
    return t.nameAt(from.get().next() + 1)
        .<Action>map(to -> new RenameColumn(from.get(), to))
        .orElse(new Other());
  }
}

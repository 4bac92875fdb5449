package dev.strata.core.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the history lives: a table name, optionally schema-qualified, and whose columns it has.
 *
 * @param format {@link Format#FLYWAY} for Flyway's table, {@link Format#PRISMA} otherwise
 */
public record HistoryTable(Optional<String> schema, String name, Format format) {
  public static final String PRISMA = "_prisma_migrations";
  public static final String STRATA = "_strata_migrations";
  public static final String FLYWAY = "flyway_schema_history";

  /** The columns a history table has. */
  public enum Format {
    /** Prisma's {@code _prisma_migrations} columns; Strata's own table has them too. */
    PRISMA,
    /**
     * Flyway's {@code flyway_schema_history} columns. Flyway's table has no room for what Strata
     * records of a migration run statement by statement or of a failure, so Strata keeps its own
     * rows in {@code _strata_migrations} beside it (see {@link #bookkeeping}) and writes Flyway's
     * row as Flyway would.
     */
    FLYWAY
  }

  public HistoryTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    if (name.isBlank()) throw new IllegalArgumentException("history table name is empty");
  }

  /** A table in Flyway's format if it is named as Flyway names it, else in Prisma's. */
  public HistoryTable(Optional<String> schema, String name) {
    this(schema, name, FLYWAY.equals(name) ? Format.FLYWAY : Format.PRISMA);
  }

  /** Parses {@code name} or {@code schema.name}. */
  public static HistoryTable parse(String text) {
    int dot = text.indexOf('.');
    return dot < 0
        ? new HistoryTable(Optional.empty(), text)
        : new HistoryTable(Optional.of(text.substring(0, dot)), text.substring(dot + 1));
  }

  public static HistoryTable strata() {
    return new HistoryTable(Optional.empty(), STRATA, Format.PRISMA);
  }

  public static HistoryTable prisma() {
    return new HistoryTable(Optional.empty(), PRISMA, Format.PRISMA);
  }

  public static HistoryTable flyway() {
    return new HistoryTable(Optional.empty(), FLYWAY, Format.FLYWAY);
  }

  public HistoryTable withFormat(Format format) {
    return new HistoryTable(schema, name, format);
  }

  public boolean isPrisma() {
    return name.equals(PRISMA);
  }

  public boolean isFlyway() {
    return format == Format.FLYWAY;
  }

  /** Strata's own rows beside a Flyway history, in the same schema; empty for other formats. */
  public Optional<HistoryTable> bookkeeping() {
    return isFlyway()
        ? Optional.of(new HistoryTable(schema, STRATA, Format.PRISMA))
        : Optional.empty();
  }

  /** The tables the history is made of, unqualified: none of them is ever drift. */
  public List<String> tableNames() {
    return bookkeeping().map(b -> List.of(name, b.name())).orElse(List.of(name));
  }

  @Override
  public String toString() {
    return schema.map(s -> s + ".").orElse("") + name;
  }
}

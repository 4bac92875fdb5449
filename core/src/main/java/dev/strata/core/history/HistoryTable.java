package dev.strata.core.history;

import java.util.Objects;
import java.util.Optional;

/** Where the history lives: a table name, optionally schema-qualified. */
public record HistoryTable(Optional<String> schema, String name) {
  public static final String PRISMA = "_prisma_migrations";
  public static final String STRATA = "_strata_migrations";

  public HistoryTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("history table name is empty");
  }

  /** Parses {@code name} or {@code schema.name}. */
  public static HistoryTable parse(String text) {
    int dot = text.indexOf('.');
    return dot < 0
        ? new HistoryTable(Optional.empty(), text)
        : new HistoryTable(Optional.of(text.substring(0, dot)), text.substring(dot + 1));
  }

  public boolean isPrisma() {
    return name.equals(PRISMA);
  }

  @Override
  public String toString() {
    return schema.map(s -> s + ".").orElse("") + name;
  }
}

package dev.strata.core.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migrations of one folder, in the order they apply, with what looked odd but is accepted.
 *
 * @param provider the {@code provider} of {@code migration_lock.toml}, when there is one
 */
public record MigrationSet(
    Path dir,
    Layout layout,
    List<Migration> migrations,
    List<String> warnings,
    Optional<String> provider) {

  public MigrationSet {
    migrations = List.copyOf(migrations);
    warnings = List.copyOf(warnings);
  }

  /**
   * The same set, each migration's {@code ${key}} replaced by the value given (see Placeholders).
   */
  public MigrationSet withPlaceholders(Map<String, String> values) {
    if (values.isEmpty()) return this;
    return new MigrationSet(
        dir,
        layout,
        migrations.stream().map(m -> m.withPlaceholders(values)).toList(),
        warnings,
        provider);
  }

  public Optional<Migration> find(String name) {
    return migrations.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}

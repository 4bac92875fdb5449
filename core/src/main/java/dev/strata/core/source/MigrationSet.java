package dev.strata.core.source;

import java.nio.file.Path;
import java.util.List;
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

  public Optional<Migration> find(String name) {
    return migrations.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}

package dev.strata.core.config;

import dev.strata.core.history.HistoryTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command needs to know, resolved: the database, the working directory, the migrations
 * folder, the history table override, the waits, the server for shadow databases, and the values of
 * the migrations' placeholders.
 */
public record Settings(
    DatabaseTarget target,
    Path workingDir,
    Path dir,
    Optional<HistoryTable> historyTable,
    Duration lockWait,
    Duration connectTimeout,
    Optional<String> shadowUrl,
    Map<String, String> placeholders,
    List<Path> locations) {

  public Settings {
    placeholders = Map.copyOf(placeholders);
    locations = locations.isEmpty() ? List.of(dir) : List.copyOf(locations);
  }
}

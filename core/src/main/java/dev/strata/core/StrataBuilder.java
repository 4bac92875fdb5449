package dev.strata.core;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.config.Settings;
import dev.strata.core.history.HistoryTable;
import dev.strata.core.source.MigrationSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Collects the settings of {@link Strata#configure()}; unset ones take the documented defaults. */
public final class StrataBuilder {
  private Optional<String> url = Optional.empty();
  private Path workingDir = Path.of("").toAbsolutePath();
  private Path dir;
  private Optional<HistoryTable> historyTable = Optional.empty();
  private Duration lockWait = Duration.ofSeconds(60);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Map<String, String> environment = System.getenv();
  private Optional<String> shadowUrl = Optional.empty();

  public StrataBuilder url(String url) {
    this.url = Optional.ofNullable(url);
    return this;
  }

  public StrataBuilder workingDir(Path workingDir) {
    this.workingDir = workingDir.toAbsolutePath();
    return this;
  }

  public StrataBuilder dir(Path dir) {
    this.dir = dir;
    return this;
  }

  public StrataBuilder historyTable(String table) {
    this.historyTable =
        Optional.ofNullable(table).filter(t -> !t.isBlank()).map(HistoryTable::parse);
    return this;
  }

  public StrataBuilder lockWait(Duration lockWait) {
    this.lockWait = lockWait;
    return this;
  }

  public StrataBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    return this;
  }

  /**
   * The server shadow databases are created on (for drift, diff and dev); {@code
   * STRATA_SHADOW_URL}, else the embedded PostgreSQL, by default.
   */
  public StrataBuilder shadowUrl(String url) {
    this.shadowUrl = Optional.ofNullable(url);
    return this;
  }

  /** The environment to read {@code DATABASE_URL} from; the process environment by default. */
  public StrataBuilder environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  public Strata load() {
    Path migrations =
        dir == null ? MigrationSource.defaultDir(workingDir) : workingDir.resolve(dir);
    DatabaseTarget target = DatabaseTarget.resolve(url, environment, workingDir);
    return Strata.of(
        new Settings(
            target,
            workingDir,
            migrations,
            historyTable,
            lockWait,
            connectTimeout,
            shadowUrl.or(
                () ->
                    Optional.ofNullable(environment.get("STRATA_SHADOW_URL"))
                        .filter(s -> !s.isBlank()))));
  }
}

package dev.strata.core;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.config.DotEnv;
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
  private java.util.List<String> locations = java.util.List.of();
  private ClassLoader classLoader = StrataBuilder.class.getClassLoader();
  private Optional<HistoryTable> historyTable = Optional.empty();
  private Duration lockWait = Duration.ofSeconds(60);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Map<String, String> environment = System.getenv();
  private Optional<String> shadowUrl = Optional.empty();
  private final Map<String, String> placeholders = new java.util.LinkedHashMap<>();

  public StrataBuilder url(String url) {
    this.url = Optional.ofNullable(url);
    return this;
  }

  /**
   * The database a {@link javax.sql.DataSource} reaches (its URL, user and password, which the
   * dialect reads from one borrowed connection and the pool's {@code getPassword()}); replaces
   * {@link #url}. Connects once, now, to find out; Strata then opens connections of its own.
   */
  public StrataBuilder dataSource(javax.sql.DataSource dataSource) {
    for (var provider :
        java.util.ServiceLoader.load(dev.strata.core.dialect.DatabaseProvider.class)) {
      Optional<String> found = provider.url(dataSource);
      if (found.isPresent()) {
        this.url = found;
        return this;
      }
    }
    throw new StrataException(
        dev.strata.core.ExitCode.USAGE,
        "The DataSource reaches no database Strata supports (PostgreSQL); pass .url(...) instead.");
  }

  public StrataBuilder workingDir(Path workingDir) {
    this.workingDir = workingDir.toAbsolutePath();
    return this;
  }

  public StrataBuilder dir(Path dir) {
    this.dir = dir;
    return this;
  }

  /**
   * Where the migrations are, as Flyway names it: {@code classpath:db/migrations} (a folder on the
   * class path, inside a jar too) or {@code filesystem:path}; several are read as one set. Replaces
   * {@link #dir}.
   */
  public StrataBuilder locations(String... locations) {
    this.locations = java.util.List.of(locations);
    return this;
  }

  /** The class loader {@code classpath:} locations are read with; this library's by default. */
  public StrataBuilder classLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
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

  /**
   * A value for {@code ${key}} in the migrations' text (not in what is checksummed); only the keys
   * given are replaced. {@code STRATA_PLACEHOLDER_<key>} in the environment or {@code .env} gives
   * one too; this one wins.
   */
  public StrataBuilder placeholder(String key, String value) {
    placeholders.put(key, value);
    return this;
  }

  /** The environment to read {@code DATABASE_URL} from; the process environment by default. */
  public StrataBuilder environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  private static final String PLACEHOLDER_VARIABLE = "STRATA_PLACEHOLDER_";

  /** Those of .env, then of the environment, then those given here: the later wins. */
  private Map<String, String> placeholders() {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    try {
      Path dotEnv = workingDir.resolve(".env");
      if (java.nio.file.Files.isRegularFile(dotEnv)) collect(DotEnv.read(dotEnv), all);
    } catch (java.io.IOException e) {
      // The URL resolution reads the same file and says what is wrong with it.
    }
    collect(environment, all);
    all.putAll(placeholders);
    return all;
  }

  private static void collect(Map<String, String> variables, Map<String, String> into) {
    for (var e : variables.entrySet()) {
      if (e.getKey().startsWith(PLACEHOLDER_VARIABLE)
          && e.getKey().length() > PLACEHOLDER_VARIABLE.length())
        into.put(e.getKey().substring(PLACEHOLDER_VARIABLE.length()), e.getValue());
    }
  }

  public Strata load() {
    java.util.List<Path> resolved =
        locations.stream()
            .map(l -> dev.strata.core.source.Locations.resolve(l, classLoader, workingDir))
            .toList();
    Path migrations =
        !resolved.isEmpty()
            ? resolved.get(0)
            : dir == null ? MigrationSource.defaultDir(workingDir) : workingDir.resolve(dir);
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
                        .filter(s -> !s.isBlank())),
            placeholders(),
            resolved));
  }
}

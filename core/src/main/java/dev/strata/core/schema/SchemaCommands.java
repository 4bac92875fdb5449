package dev.strata.core.schema;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.source.MigrationSet;
import dev.strata.core.source.MigrationSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code strata pull}, {@code strata diff} and {@code strata dev}: the live schema, the changes
 * between two schemas, and a migration written from an edit of the schema file.
 */
public final class SchemaCommands {
  private final Connections connections;

  public SchemaCommands(Connections connections) {
    this.connections = connections;
  }

  /** The live schema, without the history table: what {@code strata pull} writes. */
  public dev.strata.core.schema.Schema pull() {
    return connections.withDatabase(
        database -> database.schemas().read(connections.historyTable(database)));
  }

  /**
   * The changes that turn one schema into another; a folder or file side is built in a shadow
   * database (see {@link Settings#shadowUrl}).
   */
  public dev.strata.core.schema.DiffResult diff(
      dev.strata.core.schema.SchemaSource from, dev.strata.core.schema.SchemaSource to) {
    if (from instanceof dev.strata.core.schema.SchemaSource.Url
        && to instanceof dev.strata.core.schema.SchemaSource.Url) {
      return diffDatabases(from, to);
    }
    // A database side is read on its own server, and the other side built on that server too
    // when it can be: catalogs of two versions print definitions differently.
    Optional<dev.strata.core.schema.SchemaSource.Url> live =
        from instanceof dev.strata.core.schema.SchemaSource.Url url
            ? Optional.of(url)
            : to instanceof dev.strata.core.schema.SchemaSource.Url url
                ? Optional.of(url)
                : Optional.empty();
    try (Database liveDatabase = live.map(this::open).orElse(null);
        ShadowServer shadow = new ShadowServer(connections, liveDatabase)) {
      if (liveDatabase != null) refuseAcrossVersions(shadow);
      long start = System.nanoTime();
      dev.strata.core.schema.Schema a = schemaOf(from, shadow, liveDatabase);
      long read = System.nanoTime();
      dev.strata.core.schema.Schema b = schemaOf(to, shadow, liveDatabase);
      long readBoth = System.nanoTime();
      // A schema of its database (?schema=) is compared alone, by its own engine.
      SchemaEngine comparing = liveDatabase != null ? liveDatabase.schemas() : shadow.engine();
      dev.strata.core.schema.SchemaComparison comparison = comparing.compare(a, b);
      long end = System.nanoTime();
      return timed(from, to, comparison, a, b, new long[] {start, read, readBoth, end});
    }
  }

  /**
   * Two live databases: each is read on its own connection, both at once (the server and the client
   * work of one overlap with the other's), and the first one's engine compares them, so no shadow
   * server is started. The TO side's time is what it took beyond the FROM side's, so that the three
   * timings still add up to the elapsed time.
   */
  private dev.strata.core.schema.DiffResult diffDatabases(
      dev.strata.core.schema.SchemaSource from, dev.strata.core.schema.SchemaSource to) {
    long start = System.nanoTime();
    java.util.concurrent.FutureTask<dev.strata.core.schema.Schema> other =
        new java.util.concurrent.FutureTask<>(() -> schemaOf(to, null, null));
    Thread reader = new Thread(other, "strata-diff-read");
    reader.setDaemon(true);
    reader.start();
    try (Database database =
        connections.open(
            new DatabaseTarget(
                Optional.of(((dev.strata.core.schema.SchemaSource.Url) from).url()),
                "the command line"))) {
      dev.strata.core.schema.SchemaEngine engine = database.schemas();
      dev.strata.core.schema.Schema a = engine.read(connections.historyTable(database));
      long read = System.nanoTime();
      dev.strata.core.schema.Schema b = joinRead(other);
      long readBoth = System.nanoTime();
      dev.strata.core.schema.SchemaComparison comparison = engine.compare(a, b);
      long end = System.nanoTime();
      return timed(from, to, comparison, a, b, new long[] {start, read, readBoth, end});
    } catch (RuntimeException e) {
      // Never leave the other read running behind a failure; its own failure is secondary.
      try {
        joinRead(other);
      } catch (RuntimeException second) {
        if (second != e) e.addSuppressed(second);
      }
      throw e;
    }
  }

  /**
   * The result, with the time of each step from the clock readings {start, read A, read B, end}.
   */
  private static dev.strata.core.schema.DiffResult timed(
      dev.strata.core.schema.SchemaSource from,
      dev.strata.core.schema.SchemaSource to,
      dev.strata.core.schema.SchemaComparison comparison,
      dev.strata.core.schema.Schema a,
      dev.strata.core.schema.Schema b,
      long[] clock) {
    return new dev.strata.core.schema.DiffResult(
        from,
        to,
        comparison,
        a.objectCount(),
        b.objectCount(),
        (clock[1] - clock[0]) / 1_000_000,
        (clock[2] - clock[1]) / 1_000_000,
        (clock[3] - clock[2]) / 1_000_000);
  }

  /** The other side's schema, or the exception that reading it threw. */
  private static dev.strata.core.schema.Schema joinRead(
      java.util.concurrent.FutureTask<dev.strata.core.schema.Schema> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException(ExitCode.FAILED, "Interrupted while reading the schemas", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Writes the migration that turns the schema the migrations build into the one {@code schemaFile}
   * describes (a migration of its own before it for new enum values, and one after it for indexes
   * built CONCURRENTLY), with a {@code down.sql} that reverses it, then applies them to the
   * development database unless {@code apply} is false.
   *
   * @throws StrataException REFUSED when a change can lose data and {@code allowDataLoss} is false
   */
  public dev.strata.core.schema.DevResult dev(
      String name, Optional<Path> schemaFile, boolean allowDataLoss, boolean apply) {
    MigrationSet set = connections.migrations();
    Path file =
        schemaFile
            .map(f -> connections.settings().workingDir().resolve(f))
            .orElse(
                connections.settings().dir().toAbsolutePath().getParent().resolve("schema.sql"));
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new StrataException(
          ExitCode.USAGE,
          "No schema file at "
              + file
              + ". Write the schema you want there (`strata pull --output "
              + file.getFileName()
              + "` starts one from a database), or pass --schema FILE.");
    }
    dev.strata.core.schema.SchemaComparison forward;
    dev.strata.core.schema.SchemaComparison backward;
    List<String> preamble;
    try (Database development = connections.open();
        ShadowServer shadow = new ShadowServer(connections, development)) {
      var builder =
          new dev.strata.core.schema.Shadow(shadow.server(), development.schemas().scope());
      var current = builder.fromMigrations(set, set.migrations());
      var desired = builder.fromFile(file);
      forward = development.schemas().compare(current, desired);
      backward = development.schemas().compare(desired, current);
      preamble = shadow.engine().migrationPreamble();
    }
    if (forward.isEmpty()) return new dev.strata.core.schema.DevResult(file, forward, List.of(), 0);
    if (!allowDataLoss && !forward.destructive().isEmpty()) {
      StringBuilder list = new StringBuilder();
      for (var c : forward.destructive())
        list.append("\n  ").append(c.object()).append(": ").append(c.reason());
      throw new StrataException(
          ExitCode.REFUSED,
          "The change from the migrations to "
              + file.getFileName()
              + " can lose data:"
              + list
              + "\nNothing was written. Pass --allow-data-loss if that is what you want.");
    }
    List<Path> written =
        dev.strata.core.schema.DevMigrations.write(
            set.dir(), name, forward, backward, preamble, Clock.systemUTC());
    int applied = 0;
    if (apply)
      applied =
          new dev.strata.core.execute.Deployment(connections)
              .deploy(
                  new dev.strata.core.execute.DeployOptions(
                      false,
                      connections.settings().lockWait(),
                      dev.strata.core.execute.RunLimits.NONE),
                  DeployListener.NONE)
              .applied()
              .size();
    return new dev.strata.core.schema.DevResult(file, forward, written, applied);
  }

  private Database open(dev.strata.core.schema.SchemaSource.Url url) {
    return connections.open(new DatabaseTarget(Optional.of(url.url()), "the command line"));
  }

  private static void refuseAcrossVersions(ShadowServer shadow) {
    Optional<String> incomparable = shadow.incomparable();
    if (incomparable.isPresent()) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot compare these schemas: " + incomparable.get() + ".");
    }
  }

  /**
   * @param opened the database of {@code source} when it is a URL and already open, else null
   */
  private dev.strata.core.schema.Schema schemaOf(
      dev.strata.core.schema.SchemaSource source, ShadowServer shadow, Database opened) {
    if (source instanceof dev.strata.core.schema.SchemaSource.Url url) {
      if (opened != null) {
        return opened.schemas().read(connections.historyTable(opened));
      }
      try (Database database = open(url)) {
        return database.schemas().read(connections.historyTable(database));
      }
    }
    var builder =
        new dev.strata.core.schema.Shadow(
            shadow.server(), opened == null ? Optional.empty() : opened.schemas().scope());
    if (source instanceof dev.strata.core.schema.SchemaSource.Folder folder) {
      MigrationSet set = MigrationSource.load(folder.dir());
      return builder.fromMigrations(set, set.migrations());
    }
    return builder.fromFile(((dev.strata.core.schema.SchemaSource.File) source).file());
  }
}

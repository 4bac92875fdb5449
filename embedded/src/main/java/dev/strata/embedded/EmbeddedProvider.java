package dev.strata.embedded;

import dev.strata.core.dialect.Database;
import dev.strata.core.dialect.DatabaseProvider;
import dev.strata.postgres.PostgresProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The database used when no URL is given, found by {@link java.util.ServiceLoader} when this
 * artifact is on the class path: the embedded PostgreSQL, spoken to by the PostgreSQL dialect. It
 * accepts no URL of its own.
 */
public final class EmbeddedProvider implements DatabaseProvider {

  @Override
  public boolean accepts(String url) {
    return false;
  }

  @Override
  public Database open(String url, Duration connectTimeout) {
    throw new UnsupportedOperationException("the embedded provider accepts no URL");
  }

  /**
   * The servers this process has started, by state folder, with how many databases use each: the
   * targets of a fleet run at once and each may need the embedded server as its shadow; the
   * folder's lock admits one server per process, so they share it, and the last to close stops it.
   */
  private static final Map<Path, Shared> RUNNING = new HashMap<>();

  private static final class Shared {
    final EmbeddedServer server;
    int users;

    Shared(EmbeddedServer server) {
      this.server = server;
    }
  }

  @Override
  public Optional<Database> openEmbedded(Path dataDir, Duration connectTimeout) {
    Path key = dataDir.toAbsolutePath().normalize();
    Shared shared;
    synchronized (RUNNING) {
      shared = RUNNING.get(key);
      if (shared == null) {
        shared = new Shared(EmbeddedServer.start(dataDir));
        RUNNING.put(key, shared);
      }
      shared.users++;
    }
    Shared used = shared;
    java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();
    AutoCloseable release =
        () -> {
          if (released.compareAndSet(false, true)) release(key, used);
        };
    try {
      return Optional.of(
          PostgresProvider.openServed(
              used.server.url(), connectTimeout, "embedded " + used.server.describe(), release));
    } catch (RuntimeException e) {
      try {
        release.close();
      } catch (Exception ignored) {
        // release throws nothing; the failure to connect is what matters.
      }
      throw e;
    }
  }

  private static void release(Path key, Shared shared) {
    synchronized (RUNNING) {
      if (--shared.users > 0) return;
      RUNNING.remove(key);
    }
    shared.server.close();
  }
}

package dev.strata.core.schema;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import java.util.Optional;

/**
 * The server shadow databases are made on, opened when first needed: {@link
 * dev.strata.core.config.Settings#shadowUrl}, else the embedded PostgreSQL (the target itself when
 * it is the embedded one).
 */
public final class ShadowServer implements AutoCloseable {
  private final Connections connections;
  private final Database target;
  private Database opened;

  /**
   * @param target the database being checked, reused when it is the embedded one
   */
  public ShadowServer(Connections connections, Database target) {
    this.connections = connections;
    this.target = target;
  }

  public Database server() {
    if (opened != null) return opened;
    if (connections.settings().shadowUrl().isPresent()) {
      opened =
          connections.open(new DatabaseTarget(connections.settings().shadowUrl(), "--shadow-url"));
      return opened;
    }
    if (target != null && connections.settings().target().embedded()) return target;
    opened = connections.open(new DatabaseTarget(Optional.empty(), "embedded"));
    return opened;
  }

  public SchemaEngine engine() {
    return server().schemas();
  }

  @Override
  public void close() {
    if (opened != null) opened.close();
  }
}

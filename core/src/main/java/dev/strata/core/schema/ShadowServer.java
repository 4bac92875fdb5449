package dev.strata.core.schema;

import dev.strata.core.config.DatabaseTarget;
import dev.strata.core.connect.Connections;
import dev.strata.core.dialect.Database;
import java.util.Optional;

/**
 * The server shadow databases are made on, opened when first needed: {@link
 * dev.strata.core.config.Settings#shadowUrl} when given; else the target's own server when the user
 * may create databases there (same version, same extensions, no server to start), or when no other
 * server can build its dialect's schemas (MySQL); else the embedded PostgreSQL.
 */
public final class ShadowServer implements AutoCloseable {
  private final Connections connections;
  private final Database target;
  private Database opened;
  private Database chosen;

  /**
   * @param target the database being checked, whose server is used when it can be; null when there
   *     is none (a diff of two folders)
   */
  public ShadowServer(Connections connections, Database target) {
    this.connections = connections;
    this.target = target;
  }

  public Database server() {
    if (chosen != null) return chosen;
    if (connections.settings().shadowUrl().isPresent()) {
      opened =
          connections.open(new DatabaseTarget(connections.settings().shadowUrl(), "--shadow-url"));
      chosen = opened;
    } else if (target != null
        && (connections.settings().target().embedded()
            || !target.schemas().buildsOnEmbedded()
            || target.schemas().canCreateScratch())) {
      chosen = target;
    } else {
      opened = connections.open(new DatabaseTarget(Optional.empty(), "embedded"));
      chosen = opened;
    }
    return chosen;
  }

  public SchemaEngine engine() {
    return server().schemas();
  }

  /**
   * Why schemas built on the shadow server cannot be compared with the target's, if they cannot:
   * each major version prints view definitions, defaults and index expressions its own way, so a
   * comparison across versions reports drift that is not there.
   */
  public Optional<String> incomparable() {
    if (target == null) return Optional.empty();
    String targetVersion = target.schemas().catalogVersion();
    String shadowVersion = engine().catalogVersion();
    if (targetVersion.equals(shadowVersion)) return Optional.empty();
    String remedy =
        connections.settings().shadowUrl().isPresent()
            ? "point --shadow-url at a " + targetVersion + " server"
            : "let the user create databases (CREATEDB) so Strata uses the target's own server,"
                + " or point --shadow-url (STRATA_SHADOW_URL) at a "
                + targetVersion
                + " server";
    return Optional.of(
        "the target runs "
            + targetVersion
            + " and the shadow server ("
            + server().description()
            + ") "
            + shadowVersion
            + ", and each version prints definitions its own way; "
            + remedy);
  }

  @Override
  public void close() {
    if (opened != null) opened.close();
  }
}

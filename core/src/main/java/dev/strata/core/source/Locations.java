package dev.strata.core.source;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where migrations are read from, as Flyway names it: {@code classpath:db/migrations} (a folder on
 * the class path, inside a jar too) or {@code filesystem:/path} (a bare path is one too).
 */
public final class Locations {
  private static final String CLASSPATH = "classpath:";
  private static final String FILESYSTEM = "filesystem:";

  private Locations() {}

  /**
   * @param workingDir what a relative file system path is relative to
   * @throws StrataException USAGE when a class path location is not there
   */
  public static Path resolve(String location, ClassLoader loader, Path workingDir) {
    if (location.startsWith(FILESYSTEM)) {
      return workingDir.resolve(location.substring(FILESYSTEM.length()));
    }
    if (!location.startsWith(CLASSPATH)) return workingDir.resolve(location);
    String resource = location.substring(CLASSPATH.length());
    while (resource.startsWith("/")) resource = resource.substring(1);
    URL url = loader.getResource(resource);
    if (url == null) {
      throw new StrataException(
          ExitCode.USAGE,
          "Migrations location "
              + location
              + " is not on the class path. Put the migrations under src/main/resources/"
              + resource
              + ", or name a filesystem: location.");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) return Path.of(uri);
      return jarFileSystem(uri).provider().getPath(uri);
    } catch (URISyntaxException | IOException | RuntimeException e) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot read migrations location " + location + ": " + e.getMessage(), e);
    }
  }

  /** The jar's file system, opened once and kept open: its paths are read for as long as needed. */
  private static synchronized FileSystem jarFileSystem(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      return FileSystems.getFileSystem(uri);
    }
  }
}

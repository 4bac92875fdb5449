package dev.strata.core.source;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

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
      try {
        return jarFileSystem(uri).provider().getPath(uri);
      } catch (IOException | RuntimeException e) {
        // A folder of a jar inside a jar (a Spring Boot executable jar: jar:nested:...): the zip
        // file system cannot open it, the URL's own handler can. Its files are copied out once.
        return extracted(url);
      }
    } catch (URISyntaxException | IOException | RuntimeException e) {
      throw new StrataException(
          ExitCode.USAGE, "Cannot read migrations location " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files under the folder {@code url} names inside its jar, copied into a new temporary folder
   * (removed when the JVM exits).
   */
  private static Path extracted(URL url) throws IOException {
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    connection.setUseCaches(false); // a JarFile of our own, closed here
    String prefix = connection.getEntryName() == null ? "" : connection.getEntryName();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
    Path dir = Files.createTempDirectory("strata-migrations-");
    deleteOnExit(dir);
    try (JarFile jar = connection.getJarFile()) {
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) continue;
        Path target = dir.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!target.startsWith(dir)) continue; // a name with ../ in it: not ours to write
        Files.createDirectories(target.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, target);
        }
      }
    }
    return dir;
  }

  private static void deleteOnExit(Path dir) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (var files = Files.walk(dir)) {
                    files
                        .sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
                  } catch (IOException e) {
                    // A temporary folder left behind.
                  }
                }));
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

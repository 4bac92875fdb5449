package dev.strata.cli;

import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * URLs {@code nested-test:/path/app.jar} that only their own handler can open, as Spring Boot's
 * {@code nested:} URLs of a jar inside its executable jar: the zip file system cannot open a {@code
 * jar:nested-test:…!/folder} URL, the JDK's jar handler can.
 */
public final class NestedTestUrls extends URLStreamHandlerProvider {
  static final String SCHEME = "nested-test";

  @Override
  public URLStreamHandler createURLStreamHandler(String protocol) {
    if (!SCHEME.equals(protocol)) return null;
    return new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL url) {
        return new URLConnection(url) {
          @Override
          public void connect() {}

          @Override
          public InputStream getInputStream() throws java.io.IOException {
            return Files.newInputStream(Path.of(url.getPath()));
          }
        };
      }
    };
  }
}

package dev.strata.core.config;

import java.util.regex.Pattern;

/** Printing database URLs without their passwords. */
public final class DatabaseUrls {
  // scheme://user:password@host  and  password=... in a query string or JDBC property list
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/:@?#]*:)([^@/?#]*)(@)");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)([^&;]*)");

  private DatabaseUrls() {}

  public static String mask(String url) {
    if (url == null) return null;
    String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1****$3");
    return PASSWORD_PARAM.matcher(masked).replaceAll("$1****");
  }

  /** Removes every occurrence of {@code secret} from a message (drivers sometimes echo URLs). */
  public static String scrub(String message, String url) {
    if (message == null || url == null) return message;
    String result = message.replace(url, mask(url));
    var m = USERINFO_PASSWORD.matcher(url);
    if (m.find() && !m.group(2).isEmpty()) {
      result = result.replace(m.group(2), "****");
      String decoded =
          java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8);
      if (!decoded.isEmpty()) result = result.replace(decoded, "****");
    }
    return result;
  }
}

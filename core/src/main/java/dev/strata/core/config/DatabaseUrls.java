package dev.strata.core.config;

import java.util.regex.Pattern;

/** Printing database URLs without their passwords, and adding credentials to one. */
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

  /**
   * {@code url} with {@code user} and {@code password} added as query parameters (percent-encoded),
   * each only when given and not already in the URL: how a data source's or a setting's credentials
   * reach a URL Strata parses.
   */
  public static String withCredentials(String url, String user, String password) {
    StringBuilder full = new StringBuilder(url);
    String[][] pairs = {{"user", user}, {"password", password}};
    for (String[] pair : pairs) {
      if (pair[1] == null || url.contains(pair[0] + "=")) continue;
      full.append(full.indexOf("?") < 0 ? '?' : '&')
          .append(pair[0])
          .append('=')
          .append(
              java.net.URLEncoder.encode(pair[1], java.nio.charset.StandardCharsets.UTF_8)
                  .replace("+", "%20"));
    }
    return full.toString();
  }

  /**
   * The parameters of a URL's raw query ({@code a=1&b=x%40y}), decoded, in order; empty for none.
   */
  public static java.util.Map<String, String> queryParameters(String raw) {
    java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) return params;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      params.put(
          decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return params;
  }

  /** Percent-decodes a URL part; a {@code +} stays a plus (it is not a form). */
  public static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * {@code url} with the query parameter {@code key} set to {@code value} (percent-encoded), every
   * parameter named in {@code replaced} removed first; the rest of the URL as it was.
   */
  public static String withParameter(
      String url, String key, String value, java.util.Set<String> replaced) {
    int fragment = url.indexOf('#');
    String head = fragment < 0 ? url : url.substring(0, fragment);
    String tail = fragment < 0 ? "" : url.substring(fragment);
    int q = head.indexOf('?');
    StringBuilder out = new StringBuilder(q < 0 ? head : head.substring(0, q));
    char sep = '?';
    if (q >= 0) {
      for (String pair : head.substring(q + 1).split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        if (replaced.contains(name) || name.equals(key)) continue;
        out.append(sep).append(pair);
        sep = '&';
      }
    }
    out.append(sep).append(key).append('=').append(encode(value));
    return out + tail;
  }

  /**
   * {@code url} ({@code scheme://authority/path?query}, with or without {@code jdbc:}) with its
   * path replaced by {@code /segment} (percent-encoded): the same server, another database.
   */
  public static String withPath(String url, String segment) {
    int authority = url.indexOf("//");
    if (authority < 0) throw new IllegalArgumentException("no //host in the URL");
    int end = authority + 2;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    int rest = end;
    if (rest < url.length() && url.charAt(rest) == '/') {
      rest++;
      while (rest < url.length() && "?#".indexOf(url.charAt(rest)) < 0) rest++;
    }
    return url.substring(0, end) + "/" + encode(segment) + url.substring(rest);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}

package dev.strata.core.fleet;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The databases of a fleet: read from a list, and shared out between machines. */
public final class FleetTargets {
  private static final Pattern SHARD = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");
  private static final Pattern PASSWORD = Pattern.compile("(//[^/:@?#]*:)[^@/?#]*(@)");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  private FleetTargets() {}

  /**
   * One URL per line; blank lines and {@code #} comments (whole lines, or after a URL) left out; a
   * URL listed twice is deployed once.
   *
   * @param source where the text came from, for the error
   */
  public static List<String> parse(String text, String source) {
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf(" #");
      if (line.strip().startsWith("#")) continue;
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (line.isEmpty()) continue;
      if (line.chars().anyMatch(Character::isWhitespace)) {
        throw new StrataException(
            ExitCode.USAGE,
            source
                + ":"
                + (i + 1)
                + ": expected one database URL per line, found `"
                + dev.strata.core.config.DatabaseUrls.mask(line)
                + "`.");
      }
      urls.add(line);
    }
    return List.copyOf(urls);
  }

  /**
   * One of {@code count} shares, {@code index} from 1: the targets ordered by a hash of their URL
   * (its password left out, so a rotated password moves nothing), then dealt out in turn. Every
   * machine that reads the same list takes a share of the same size (within one), and the shares
   * together hold every target exactly once, whatever order the list is in.
   */
  public static List<String> shard(List<String> urls, Shard shard) {
    List<String> ordered = new ArrayList<>(urls);
    ordered.sort(Comparator.comparing(FleetTargets::hash).thenComparing(u -> u));
    List<String> share = new ArrayList<>();
    for (int i = shard.index() - 1; i < ordered.size(); i += shard.count()) {
      share.add(ordered.get(i));
    }
    return share;
  }

  private static String hash(String url) {
    String withoutPassword = PASSWORD.matcher(url).replaceAll("$1$2");
    withoutPassword = PASSWORD_PARAM.matcher(withoutPassword).replaceAll("$1");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(withoutPassword.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always there", e);
    }
  }

  /** {@code I/N}: the I-th of N shares, counted from 1. */
  public record Shard(int index, int count) {
    public Shard {
      if (count < 1 || index < 1 || index > count) {
        throw new StrataException(
            ExitCode.USAGE,
            "--shard "
                + index
                + "/"
                + count
                + " names no share: use I/N with 1 <= I <= N (a Kubernetes Indexed Job passes"
                + " $((JOB_COMPLETION_INDEX + 1))/N).");
      }
    }

    public static Shard parse(String text) {
      Matcher m = SHARD.matcher(text);
      if (!m.matches()) {
        throw new StrataException(
            ExitCode.USAGE, "--shard `" + text + "` is not I/N, such as 2/4 (the 2nd of 4).");
      }
      try {
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } catch (NumberFormatException e) {
        throw new StrataException(ExitCode.USAGE, "--shard `" + text + "` is out of range.");
      }
    }
  }
}

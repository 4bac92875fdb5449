package dev.strata.core.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How far a migration that runs statement by statement has got: the steps completed, a short hash
 * of each (so that a resume can refuse a file whose completed statements changed), and the step, if
 * any, that was started outside a transaction and may or may not have completed.
 *
 * <p>Kept in the history row's {@code logs} as one line of its own, so Prisma's table needs no
 * column of ours and Prisma still reads it: {@code strata-steps: 3/7 in-flight=4
 * hashes=1a2b3c4d,…}. Other lines of {@code logs} are the failure, if any.
 *
 * @param applied steps completed (equal to {@code applied_steps_count})
 * @param total the script's statement count
 * @param hashes one per completed step, in order
 * @param inFlight the 1-based step started outside a transaction and not known to have completed
 */
public record StepProgress(int applied, int total, List<String> hashes, OptionalInt inFlight) {
  private static final String PREFIX = "strata-steps: ";

  public StepProgress {
    hashes = List.copyOf(hashes);
    Objects.requireNonNull(inFlight, "inFlight");
    if (applied < 0 || applied > total) throw new IllegalArgumentException("applied " + applied);
    if (hashes.size() != applied)
      throw new IllegalArgumentException(hashes.size() + " hashes for " + applied + " steps");
  }

  public static StepProgress start(int total) {
    return new StepProgress(0, total, List.of(), OptionalInt.empty());
  }

  /** The progress after one more completed step whose text is {@code statement}. */
  public StepProgress completed(String statement) {
    List<String> more = new ArrayList<>(hashes);
    more.add(hash(statement));
    return new StepProgress(applied + 1, total, more, OptionalInt.empty());
  }

  /** The same progress, with the next step started outside a transaction. */
  public StepProgress startingOutsideTransaction() {
    return new StepProgress(applied, total, hashes, OptionalInt.of(applied + 1));
  }

  public StepProgress settled() {
    return new StepProgress(applied, total, hashes, OptionalInt.empty());
  }

  /** The line stored in {@code logs}. */
  public String line() {
    return PREFIX
        + applied
        + "/"
        + total
        + (inFlight.isPresent() ? " in-flight=" + inFlight.getAsInt() : "")
        + " hashes="
        + String.join(",", hashes);
  }

  /** The progress line of a row's {@code logs}, if it has one. */
  public static Optional<StepProgress> parse(String logs) {
    if (logs == null) return Optional.empty();
    for (String line : logs.split("\n")) {
      if (!line.startsWith(PREFIX)) continue;
      try {
        String[] parts = line.substring(PREFIX.length()).trim().split(" ");
        String[] counts = parts[0].split("/");
        OptionalInt inFlight = OptionalInt.empty();
        List<String> hashes = List.of();
        for (int i = 1; i < parts.length; i++) {
          if (parts[i].startsWith("in-flight="))
            inFlight = OptionalInt.of(Integer.parseInt(parts[i].substring(10)));
          else if (parts[i].startsWith("hashes=") && parts[i].length() > 7)
            hashes = List.of(parts[i].substring(7).split(","));
        }
        return Optional.of(
            new StepProgress(
                Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), hashes, inFlight));
      } catch (RuntimeException e) {
        return Optional.empty(); // not ours after all: treated as no progress recorded
      }
    }
    return Optional.empty();
  }

  /** {@code logs} without the progress line: the failure, or empty. */
  public static String withoutProgress(String logs) {
    if (logs == null) return "";
    StringBuilder rest = new StringBuilder();
    for (String line : logs.split("\n")) {
      if (line.startsWith(PREFIX)) continue;
      if (rest.length() > 0) rest.append('\n');
      rest.append(line);
    }
    return rest.toString().strip();
  }

  /**
   * The first 8 hex digits of the SHA-256 of a statement, line endings normalised (a checkout with
   * {@code \r\n} is the same statement).
   */
  public static String hash(String statement) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(statement.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

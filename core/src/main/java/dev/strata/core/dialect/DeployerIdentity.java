package dev.strata.core.dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How a deployer names itself to the server ({@code strata 4242@build-7}), so that another Strata
 * can tell a session whose deployer process has died (an orphan, still holding the deploy lock
 * while the server finishes its statement) from a live deployer.
 */
public final class DeployerIdentity {
  private static final String PREFIX = "strata ";
  private static final int MAX_LENGTH = 63; // PostgreSQL's NAMEDATALEN - 1

  private DeployerIdentity() {}

  /** This process's name for its database sessions. */
  public static String applicationName() {
    String name = PREFIX + ProcessHandle.current().pid() + "@" + hostName();
    return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
  }

  /**
   * Whether the deployer that named a session {@code applicationName} is still running: known only
   * for a Strata deployer on this host; empty otherwise.
   */
  public static Optional<Boolean> alive(String applicationName) {
    if (applicationName == null || !applicationName.startsWith(PREFIX)) return Optional.empty();
    String rest = applicationName.substring(PREFIX.length());
    int at = rest.indexOf('@');
    if (at <= 0) return Optional.empty();
    long pid;
    try {
      pid = Long.parseLong(rest.substring(0, at));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String host = rest.substring(at + 1);
    String ours = (PREFIX + pid + "@" + hostName());
    ours = ours.length() <= MAX_LENGTH ? ours : ours.substring(0, MAX_LENGTH);
    if (!ours.equals(applicationName) || host.isEmpty()) return Optional.empty();
    return Optional.of(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /** The host name, without a DNS lookup (which can hang on a misconfigured machine). */
  static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel).strip();
        if (!name.isEmpty()) return name;
      }
    } catch (IOException | SecurityException e) {
      // fall through to the environment
    }
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String name = System.getenv(variable);
      if (name != null && !name.isBlank()) return name.strip().toLowerCase(Locale.ROOT);
    }
    return "localhost";
  }
}

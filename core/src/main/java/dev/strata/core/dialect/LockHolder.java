package dev.strata.core.dialect;

import java.time.Instant;
import java.util.Optional;

/**
 * Who holds the deploy lock, as far as the server tells.
 *
 * @param migration the migration the holder is applying, when it is a Strata deployer
 * @param deployerAlive whether the holder's deployer process still runs: false for an orphaned
 *     session (its deployer died; the server finishes the running statement first); empty when it
 *     cannot be told (another tool, another host)
 */
public record LockHolder(
    Optional<Integer> pid,
    Optional<String> application,
    Optional<String> clientAddress,
    Optional<Instant> since,
    Optional<String> migration,
    Optional<Boolean> deployerAlive) {

  public LockHolder(
      Optional<Integer> pid,
      Optional<String> application,
      Optional<String> clientAddress,
      Optional<Instant> since) {
    this(pid, application, clientAddress, since, Optional.empty(), Optional.empty());
  }

  public static LockHolder unknown() {
    return new LockHolder(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** True for a session whose deployer process is known to be gone. */
  public boolean orphaned() {
    return deployerAlive.isPresent() && !deployerAlive.get();
  }

  public String describe() {
    if (pid.isEmpty()) return "another session";
    StringBuilder text = new StringBuilder(orphaned() ? "an orphaned session, pid " : "pid ");
    text.append(pid.get());
    application
        .filter(a -> !a.isBlank())
        .ifPresent(a -> text.append(", application '").append(a).append('\''));
    clientAddress.ifPresent(a -> text.append(", from ").append(a));
    since.ifPresent(s -> text.append(", since ").append(s));
    migration.ifPresent(m -> text.append(", applying ").append(m));
    if (orphaned()) text.append("; its deployer process is gone");
    return text.toString();
  }
}

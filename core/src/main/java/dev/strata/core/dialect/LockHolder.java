package dev.strata.core.dialect;

import java.time.Instant;
import java.util.Optional;

/** Who holds the deploy lock, as far as the server tells. */
public record LockHolder(
    Optional<Integer> pid,
    Optional<String> application,
    Optional<String> clientAddress,
    Optional<Instant> since) {

  public static LockHolder unknown() {
    return new LockHolder(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public String describe() {
    if (pid.isEmpty()) return "another session";
    StringBuilder text = new StringBuilder("pid ").append(pid.get());
    application
        .filter(a -> !a.isBlank())
        .ifPresent(a -> text.append(", application '").append(a).append('\''));
    clientAddress.ifPresent(a -> text.append(", from ").append(a));
    since.ifPresent(s -> text.append(", since ").append(s));
    return text.toString();
  }
}

package dev.strata.core.doctor;

import dev.strata.core.ExitCode;
import java.util.List;

/**
 * The checklist's outcome: exit 0 when nothing failed.
 *
 * @param failure the exit code when a check failed: 1, or the connection error's own (2 for a wrong
 *     password or database name, as every command exits)
 */
public record DoctorReport(List<Check> checks, ExitCode failure) {
  public DoctorReport {
    checks = List.copyOf(checks);
  }

  public DoctorReport(List<Check> checks) {
    this(checks, ExitCode.FAILED);
  }

  public boolean passed() {
    return checks.stream().noneMatch(c -> c.status() == Check.Status.FAILED);
  }

  public ExitCode exitCode() {
    return passed() ? ExitCode.OK : failure;
  }
}

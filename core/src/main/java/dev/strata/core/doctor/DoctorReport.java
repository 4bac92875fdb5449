package dev.strata.core.doctor;

import dev.strata.core.ExitCode;
import java.util.List;

/** The checklist's outcome: exit 0 when nothing failed. */
public record DoctorReport(List<Check> checks) {
  public DoctorReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().noneMatch(c -> c.status() == Check.Status.FAILED);
  }

  public ExitCode exitCode() {
    return passed() ? ExitCode.OK : ExitCode.FAILED;
  }
}

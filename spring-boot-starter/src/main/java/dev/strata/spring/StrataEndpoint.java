package dev.strata.spring;

import dev.strata.core.Strata;
import dev.strata.core.plan.MigrationStatus;
import dev.strata.core.plan.StatusReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/strata}: every migration with its state, as {@code strata status} lists them.
 */
@Endpoint(id = "strata")
public class StrataEndpoint {
  private final Strata strata;

  public StrataEndpoint(Strata strata) {
    this.strata = strata;
  }

  @ReadOperation
  public Map<String, Object> status() {
    StatusReport report = strata.status();
    List<Map<String, String>> migrations =
        report.migrations().stream().map(StrataEndpoint::describe).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("historyTable", report.historyTable().toString());
    body.put("upToDate", report.toApply().isEmpty() && report.needingAttention().isEmpty());
    body.put("migrations", migrations);
    body.put("warnings", report.warnings());
    return body;
  }

  private static Map<String, String> describe(MigrationStatus status) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("name", status.name());
    m.put("state", status.state().word());
    return m;
  }
}

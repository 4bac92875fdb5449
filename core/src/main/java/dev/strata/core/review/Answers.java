package dev.strata.core.review;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The guide's "Migration Review" questions, answered in words for one migration from its findings
 * and, when it ran on a shadow database, from what it did there.
 */
public record Answers(
    String idempotent,
    String backwardCompatible,
    String reversible,
    String locks,
    String dataAtRisk) {

  static Answers of(List<Finding> findings, java.util.Optional<Observation> observed) {
    return new Answers(
        answer(
            findings,
            Finding.Concern.IDEMPOTENCE,
            "yes: every statement is guarded (IF [NOT] EXISTS or an exception handler)",
            "no: "),
        answer(
            findings,
            Finding.Concern.COMPATIBILITY,
            "yes: nothing that running code uses is renamed, dropped or retyped",
            "no: "),
        answer(findings, Finding.Concern.REVERSIBILITY, "yes: down.sql reverses it", "no: "),
        locks(findings, observed),
        dataAtRisk(findings, observed));
  }

  private static String answer(
      List<Finding> findings, Finding.Concern concern, String yes, String noPrefix) {
    List<Finding> about = findings.stream().filter(f -> f.answers(concern)).toList();
    if (about.isEmpty()) return yes;
    return noPrefix
        + about.stream().map(Answers::brief).distinct().collect(Collectors.joining("; "));
  }

  private static String locks(List<Finding> findings, java.util.Optional<Observation> observed) {
    if (observed.isPresent() && observed.get().complete()) {
      List<LockTaken> onUsedTables =
          observed.get().locks().stream().filter(LockTaken::preExisting).toList();
      if (onUsedTables.isEmpty()) return "none on tables in use (observed)";
      return onUsedTables.stream()
              .map(l -> l.mode() + " on " + l.table())
              .distinct()
              .collect(Collectors.joining(", "))
          + " (observed)";
    }
    return answer(
        findings,
        Finding.Concern.LOCKS,
        "no long lock found in the text (not observed)",
        "from the text: ");
  }

  private static String dataAtRisk(
      List<Finding> findings, java.util.Optional<Observation> observed) {
    if (observed.isPresent() && observed.get().complete()) {
      List<DataAtRisk> risk = observed.get().dataAtRisk();
      if (risk.isEmpty()) return "none: no table or column disappeared (observed)";
      return risk.stream().map(DataAtRisk::describe).collect(Collectors.joining(", "))
          + " (observed)";
    }
    return answer(
        findings,
        Finding.Concern.DATA_LOSS,
        "none found in the text (not observed)",
        "from the text: ");
  }

  private static String brief(Finding f) {
    return f.summary() + (f.line() > 0 ? " (line " + f.line() + ")" : "");
  }
}

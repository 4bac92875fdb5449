package dev.strata.core.doctor;

/** One item of the pre-migration checklist: what was checked, how it went, and what to do. */
public record Check(String name, Status status, String detail, String action) {
  public enum Status {
    PASSED,
    WARNING,
    FAILED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static Check passed(String name, String detail) {
    return new Check(name, Status.PASSED, detail, "");
  }

  static Check warning(String name, String detail, String action) {
    return new Check(name, Status.WARNING, detail, action);
  }

  static Check failed(String name, String detail, String action) {
    return new Check(name, Status.FAILED, detail, action);
  }
}

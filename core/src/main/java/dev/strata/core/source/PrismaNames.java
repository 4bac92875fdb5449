package dev.strata.core.source;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What is odd about a Prisma migration name. Prisma accepts any folder name, so these are warnings:
 * real histories contain spaces, impossible or duplicate timestamps and names ending in {@code
 * .sql}.
 */
final class PrismaNames {
  private static final Pattern WELL_FORMED = Pattern.compile("\\d{14}_[A-Za-z0-9_]+");

  private PrismaNames() {}

  static List<String> warnings(String name, Map<String, String> seenTimestamps) {
    List<String> warnings = new ArrayList<>();
    String quoted = "Migration `" + name + "`";
    if (name.length() >= 14 && name.substring(0, 14).chars().allMatch(Character::isDigit)) {
      String timestamp = name.substring(0, 14);
      if (!possible(timestamp)) {
        warnings.add(quoted + " starts with an impossible timestamp " + timestamp + ".");
      }
      String other = seenTimestamps.putIfAbsent(timestamp, name);
      if (other != null) {
        warnings.add(
            quoted + " has the same timestamp as `" + other + "`; they apply in name order.");
      }
    } else {
      warnings.add(quoted + " does not start with a 14-digit timestamp; it applies in name order.");
    }
    if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
      warnings.add(quoted + " is a folder whose name ends in .sql.");
    } else if (!WELL_FORMED.matcher(name).matches()
        && !name.isEmpty()
        && name.chars().anyMatch(c -> !(Character.isLetterOrDigit(c) || c == '_'))) {
      warnings.add(quoted + " contains characters other than letters, digits and _.");
    }
    return warnings;
  }

  /**
   * Whether 14 digits are a real date and time (no 30 February, no hour 24). Built field by field:
   * a date-time formatter costs more to set up than a folder of 800 names takes to check.
   */
  private static boolean possible(String digits) {
    try {
      LocalDateTime.of(
          field(digits, 0, 4),
          field(digits, 4, 6),
          field(digits, 6, 8),
          field(digits, 8, 10),
          field(digits, 10, 12),
          field(digits, 12, 14));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static int field(String digits, int from, int to) {
    return Integer.parseInt(digits, from, to, 10);
  }
}

package dev.strata.core.source;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Flyway reads from a migration's file name: {@code V1_2__add_users.sql} is version {@code
 * 1.2}, description {@code add users}; {@code R__views.sql} is a repeatable migration with no
 * version. The name is the file name without {@code .sql}, as Strata records it.
 *
 * @param prefix {@code V}, {@code U} or {@code R}, upper case
 * @param version empty for a repeatable migration
 * @param description the part after {@code __}, with {@code _} read as a space
 */
public record FlywayName(char prefix, Optional<FlywayVersion> version, String description) {
  private static final Pattern NAME =
      Pattern.compile("([VUR])(.*?)__(.*?)(?:\\.sql)?", Pattern.CASE_INSENSITIVE);

  /** Empty when {@code name} is not a Flyway migration name (or its version does not parse). */
  public static Optional<FlywayName> parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) return Optional.empty();
    char prefix = Character.toUpperCase(m.group(1).charAt(0));
    Optional<FlywayVersion> version = Optional.empty();
    if (prefix != 'R') {
      try {
        version = Optional.of(FlywayVersion.parse(m.group(2)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (!m.group(2).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FlywayName(prefix, version, m.group(3).replace('_', ' ')));
  }

  public boolean repeatable() {
    return prefix == 'R';
  }

  /** The version as Flyway writes it in its history: parts joined by dots. */
  public Optional<String> versionText() {
    return version.map(v -> v.text().replace('_', '.'));
  }

  @Override
  public String toString() {
    return prefix + versionText().orElse("") + "__" + description.toLowerCase(Locale.ROOT);
  }
}

package dev.strata.core.config;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which database a command works on: {@code --url}, else {@code DATABASE_URL}, else {@code
 * DATABASE_URL} in {@code ./.env}, else the embedded PostgreSQL kept under {@code ./.strata/}.
 *
 * @param url the URL, absent for the embedded database
 * @param origin where the URL came from, for messages ("--url", "DATABASE_URL", ".env")
 */
public record DatabaseTarget(Optional<String> url, String origin) {

  public static DatabaseTarget resolve(
      Optional<String> flag, Map<String, String> environment, Path workingDir) {
    if (flag.isPresent() && !flag.get().isBlank()) return new DatabaseTarget(flag, "--url");
    String env = environment.get("DATABASE_URL");
    if (env != null && !env.isBlank()) return new DatabaseTarget(Optional.of(env), "DATABASE_URL");
    Path dotEnv = workingDir.resolve(".env");
    try {
      String fromFile = DotEnv.read(dotEnv).get("DATABASE_URL");
      if (fromFile != null && !fromFile.isBlank())
        return new DatabaseTarget(Optional.of(fromFile), dotEnv.toString());
    } catch (IOException e) {
      throw new StrataException(ExitCode.USAGE, "Cannot read " + dotEnv + ": " + e.getMessage(), e);
    }
    return new DatabaseTarget(Optional.empty(), "embedded");
  }

  public boolean embedded() {
    return url.isEmpty();
  }

  public String describe() {
    return url.map(u -> DatabaseUrls.mask(u) + " (from " + origin + ")")
        .orElse("the embedded PostgreSQL in .strata/");
  }
}

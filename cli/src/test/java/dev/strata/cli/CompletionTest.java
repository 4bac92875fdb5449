package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, sourced by a real bash, completes commands and their options. */
class CompletionTest {
  @TempDir Path work;

  private String complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String bash =
        "source "
            + script
            + " 2>/dev/null; COMP_WORDS=("
            + line
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; _complete_strata strata "
            + words[words.length - 1]
            + " "
            + words[words.length - 2]
            + " 2>/dev/null; echo \"${COMPREPLY[@]}\"";
    Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** Runs strata with exactly these arguments; returns its output, or the exit code if not 0. */
  private static String strata(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Main.run(
            args, new java.io.PrintWriter(out), new java.io.PrintWriter(err), java.util.Map.of());
    return code == 0 ? out.toString() : "exit " + code + ": " + err;
  }

  @Test
  void bashCompletesCommandsAndOptions() throws Exception {
    String bash = strata("completion", "bash");
    assertThat(bash).startsWith("#!/usr/bin/env bash");
    Path script = Files.writeString(work.resolve("strata_completion"), bash);
    assertThat(complete(script, "strata", "dep")).isEqualTo("deploy");
    assertThat(complete(script, "strata", "ba")).contains("backup").contains("baseline");
    assertThat(complete(script, "strata", "deploy", "--allow-h")).isEqualTo("--allow-hazards");
    assertThat(strata("completion", "zsh")).isEqualTo(bash);
    assertThat(strata("completion", "fish")).startsWith("exit 2");
  }
}

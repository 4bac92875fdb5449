package dev.strata.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dump cut short after a whole statement, as a killed dump or an interrupted copy leaves it: the
 * file ends where its next-to-last statement ends, so nothing in it fails to parse.
 */
final class CutShort {
  private CutShort() {}

  static Path write(List<String> dumpLines, Path to) throws IOException {
    int cut = dumpLines.size() - 1;
    while (!dumpLines.get(cut).endsWith(";")) cut--;
    cut--;
    while (!dumpLines.get(cut).endsWith(";")) cut--;
    return Files.write(to, dumpLines.subList(0, cut + 1));
  }
}

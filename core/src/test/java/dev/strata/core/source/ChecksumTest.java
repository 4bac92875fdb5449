package dev.strata.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void isLowerCaseHexSha256OfTheBytes() {
    // sha256("abc"), the FIPS 180-2 test vector.
    assertThat(Checksum.of(bytes("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void storedChecksumMatchesTheFileWithLineEndingsSwapped() {
    String unix = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
    String windows = unix.replace("\n", "\r\n");
    assertThat(Checksum.matches(Checksum.of(bytes(unix)), bytes(windows))).isTrue();
    assertThat(Checksum.matches(Checksum.of(bytes(windows)), bytes(unix))).isTrue();
    assertThat(Checksum.matches(Checksum.of(bytes(unix)), bytes(unix))).isTrue();
  }

  @Test
  void aRealEditDoesNotMatch() {
    assertThat(Checksum.matches(Checksum.of(bytes("SELECT 1;\n")), bytes("SELECT 2;\n"))).isFalse();
    assertThat(Checksum.matches(null, bytes("SELECT 1;"))).isFalse();
  }

  @Test
  void upperCaseStoredChecksumStillMatches() {
    assertThat(Checksum.matches(Checksum.of(bytes("x")).toUpperCase(), bytes("x"))).isTrue();
  }
}

package dev.strata.mysql.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table an INSERT of a backup names, as the manifest lists it. */
class DumpRestorerNamesTest {
  @Test
  void backticksAreTakenOffAndDoubledOnesUndone() {
    assertThat(DumpRestorer.unquote("`orders`")).isEqualTo("orders");
    assertThat(DumpRestorer.unquote("`a``b`")).isEqualTo("a`b");
    assertThat(DumpRestorer.unquote("`with space`")).isEqualTo("with space");
    assertThat(DumpRestorer.unquote("plain")).isEqualTo("plain");
  }
}

package dev.strata.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTargetsTest {
  @Test
  void oneUrlPerLineWithCommentsAndBlankLinesLeftOut() {
    assertThat(
            FleetTargets.parse(
                "# tenants\n\npostgresql://a/t1\n  postgresql://a/t2   # eu\r\npostgresql://a/t1\n",
                "targets.txt"))
        .containsExactly("postgresql://a/t1", "postgresql://a/t2");
  }

  @Test
  void aLineThatIsNotOneUrlIsRefusedWithItsLineAndNoPassword() {
    assertThatThrownBy(
            () ->
                FleetTargets.parse(
                    "postgresql://a/t1\npostgresql://u:s3cret@a/t2 extra\n", "t.txt"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("t.txt:2")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void fourShardsOfFortyTakeTenEachAndCoverEveryTargetOnce() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 40; i++) urls.add("postgresql://app:pw@db" + (i % 3) + "/tenant_" + i);
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= 4; i++) {
      List<String> share = FleetTargets.shard(urls, new FleetTargets.Shard(i, 4));
      assertThat(share).hasSize(10);
      for (String url : share) assertThat(seen.add(url)).as(url + " in one share only").isTrue();
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(urls);
  }

  @Test
  void aShareDependsNeitherOnTheListsOrderNorOnPasswords() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 25; i++) urls.add("mysql://app:old@host/tenant_" + i);
    List<String> shuffled = new ArrayList<>(urls);
    Collections.shuffle(shuffled, new Random(7));
    List<String> rotated = urls.stream().map(u -> u.replace(":old@", ":new@")).toList();
    for (int i = 1; i <= 3; i++) {
      var shard = new FleetTargets.Shard(i, 3);
      assertThat(FleetTargets.shard(shuffled, shard))
          .containsExactlyElementsOf(FleetTargets.shard(urls, shard));
      assertThat(FleetTargets.shard(rotated, shard))
          .containsExactlyElementsOf(
              FleetTargets.shard(urls, shard).stream()
                  .map(u -> u.replace(":old@", ":new@"))
                  .toList());
    }
  }

  @Test
  void aShardOutsideItsCountIsRefused() {
    assertThat(FleetTargets.Shard.parse(" 2/4 ")).isEqualTo(new FleetTargets.Shard(2, 4));
    assertThatThrownBy(() -> FleetTargets.Shard.parse("0/4")).hasMessageContaining("1 <= I <= N");
    assertThatThrownBy(() -> FleetTargets.Shard.parse("5/4")).hasMessageContaining("1 <= I <= N");
    assertThatThrownBy(() -> FleetTargets.Shard.parse("2")).hasMessageContaining("not I/N");
  }

  @Test
  void maxFailuresIsACountOrAShare() {
    assertThat(FleetOptions.maxFailures("3", 100)).isEqualTo(3);
    assertThat(FleetOptions.maxFailures("5%", 200)).isEqualTo(10);
    assertThat(FleetOptions.maxFailures("5%", 10)).isZero();
    assertThatThrownBy(() -> FleetOptions.maxFailures("x", 10))
        .hasMessageContaining("neither a count");
  }
}

package dev.strata.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FlywayVersionTest {
  @Test
  void comparesNumericallyPartByPart() {
    List<String> sorted =
        Stream.of("10", "2", "1.10", "1.2", "1_1", "1", "20240101.1")
            .map(FlywayVersion::parse)
            .sorted()
            .map(FlywayVersion::text)
            .toList();
    assertThat(sorted).containsExactly("1", "1_1", "1.2", "1.10", "2", "10", "20240101.1");
  }

  @Test
  void trailingZerosAreTheSameVersion() {
    assertThat(FlywayVersion.parse("1")).isEqualTo(FlywayVersion.parse("1.0"));
    assertThat(FlywayVersion.parse("1").hashCode())
        .isEqualTo(FlywayVersion.parse("1.0.0").hashCode());
    assertThat(FlywayVersion.parse("1.0.1")).isNotEqualTo(FlywayVersion.parse("1.1"));
  }

  @Test
  void rejectsWhatIsNotAVersion() {
    for (String bad : List.of("", "a", "1..2", ".1", "1.", "1-2")) {
      assertThatThrownBy(() -> FlywayVersion.parse(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

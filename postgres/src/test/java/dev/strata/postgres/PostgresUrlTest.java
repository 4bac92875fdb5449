package dev.strata.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void prismaStyleUrlWithSchemaAndSslmode() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://app:p%40ss%3Aw0rd@db.example.com:6543/helpdesk?schema=app&sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/helpdesk");
    assertThat(url.user()).contains("app");
    assertThat(url.password()).contains("p@ss:w0rd");
    assertThat(url.schema()).contains("app");
    assertThat(url.parameters()).containsEntry("sslmode", "require").doesNotContainKey("schema");
    assertThat(url.display()).isEqualTo("db.example.com:6543/helpdesk").doesNotContain("p@ss");
  }

  @Test
  void postgresSchemeAndDefaults() {
    PostgresUrl url = PostgresUrl.parse("postgres://localhost");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
    assertThat(url.user()).isEmpty();
    assertThat(url.password()).isEmpty();
  }

  @Test
  void jdbcUrlWithCredentialsInTheQuery() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://db:5432/app?user=app&password=secret&ssl=true");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app");
    assertThat(url.user()).contains("app");
    assertThat(url.password()).contains("secret");
    assertThat(url.parameters()).containsEntry("ssl", "true");
    assertThat(url.properties(5).getProperty("password")).isEqualTo("secret");
    assertThat(url.properties(5).getProperty("connectTimeout")).isEqualTo("5");
  }

  @Test
  void prismaPoolParametersAreDropped() {
    PostgresUrl url = PostgresUrl.parse("postgresql://a@h/d?connection_limit=5&pool_timeout=10");
    assertThat(url.parameters()).isEmpty();
  }

  @Test
  void malformedUrlIsAUsageErrorWithoutThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://app:se cret@host name/db"))
        .isInstanceOf(StrataException.class)
        .hasMessageNotContaining("se cret")
        .hasMessageContaining("postgresql://user:password@host:5432/database");
  }
}

package dev.strata.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.StrataException;
import org.junit.jupiter.api.Test;

class MysqlUrlTest {
  @Test
  void prismaStyleUrl() {
    MysqlUrl url =
        MysqlUrl.parse(
            "mysql://app:p%40ss%3Aw0rd@db.example.com:3307/shop?connection_limit=5&sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example.com:3307/shop");
    assertThat(url.user()).contains("app");
    assertThat(url.password()).contains("p@ss:w0rd");
    assertThat(url.database()).isEqualTo("shop");
    assertThat(url.parameters()).doesNotContainKey("connection_limit");
    assertThat(url.sslMode()).contains("trust");
    assertThat(url.properties(5).getProperty("sslMode")).isEqualTo("trust");
    assertThat(url.properties(5)).doesNotContainKey("sslmode");
    assertThat(url.display()).isEqualTo("db.example.com:3307/shop").doesNotContain("p@ss");
  }

  @Test
  void jdbcFormsAndMariadbScheme() {
    MysqlUrl jdbc = MysqlUrl.parse("jdbc:mysql://db/app?user=u&password=secret");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/app");
    assertThat(jdbc.user()).contains("u");
    assertThat(jdbc.properties(5).getProperty("password")).isEqualTo("secret");
    assertThat(MysqlUrl.parse("mariadb://root@127.0.0.1/test").database()).isEqualTo("test");
    assertThat(MysqlUrl.parse("jdbc:mariadb://h:1/d").port()).isEqualTo(1);
    assertThat(MysqlUrl.parse("mysql://h/d").sslMode()).isEmpty();
  }

  @Test
  void aUrlWithoutADatabaseIsAUsageError() {
    assertThatThrownBy(() -> MysqlUrl.parse("mysql://root:secret@host:3306"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("names no database")
        .hasMessageNotContaining("secret");
  }
}

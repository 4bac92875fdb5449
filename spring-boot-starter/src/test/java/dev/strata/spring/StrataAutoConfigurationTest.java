package dev.strata.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strata.core.StrataException;
import dev.strata.spring.app.NotesApplication;
import dev.strata.testkit.TestDatabase;
import dev.strata.testkit.TestServer;
import dev.strata.testkit.TestServers;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Spring Boot 3.5 application with the starter, started against PostgreSQL. */
class StrataAutoConfigurationTest {
  private final TestServer server = TestServers.all().get(0);

  @BeforeEach
  void clear() {
    NotesApplication.READ.clear();
  }

  private SpringApplicationBuilder app(TestDatabase db, String... properties) {
    return new SpringApplicationBuilder(NotesApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.datasource.url=" + server.jdbcUrl(db.name()))
        .properties("spring.datasource.username=" + server.user())
        .properties("strata.placeholders.greeting=hello")
        .properties(
            "spring.jmx.enabled=true",
            "spring.jmx.unique-names=true",
            "management.endpoints.jmx.exposure.include=strata")
        .properties(properties);
  }

  @Test
  void theMigrationsAreDeployedBeforeTheApplicationsRunners() {
    try (TestDatabase db = server.createDatabase();
        ConfigurableApplicationContext context = app(db).run()) {
      assertThat(NotesApplication.READ).containsExactly("hello");
      assertThat(db.single("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isEqualTo("2");
      Map<String, Object> status = context.getBean(StrataEndpoint.class).status();
      assertThat(status)
          .containsEntry("upToDate", true)
          .containsEntry("historyTable", "flyway_schema_history");
      // A second start finds nothing to do.
      try (ConfigurableApplicationContext again = app(db).run()) {
        assertThat(db.single("SELECT count(*) FROM flyway_schema_history")).isEqualTo("2");
      }
    }
  }

  @Test
  void aFailingMigrationStopsTheStartWithStratasMessage() {
    try (TestDatabase db = server.createDatabase()) {
      Throwable failure =
          catchThrowable(() -> app(db, "strata.locations=classpath:broken").run().close());
      assertThat(failure).isNotNull();
      Throwable cause = failure;
      while (cause != null && !(cause instanceof StrataException)) cause = cause.getCause();
      assertThat(cause)
          .as("the start-up failure holds Strata's exception")
          .isInstanceOf(StrataException.class)
          .hasMessageContaining("V1__broken");
      assertThat(NotesApplication.READ).isEmpty();
    }
  }

  @Test
  void disabledLeavesTheDatabaseAlone() {
    try (TestDatabase db = server.createDatabase()) {
      Throwable failure = catchThrowable(() -> app(db, "strata.enabled=false").run().close());
      // Without its migrations the application's own runner fails: nothing was deployed.
      assertThat(failure).isNotNull();
      assertThat(db.single("SELECT to_regclass('flyway_schema_history') IS NULL")).isEqualTo("t");
    }
  }
}

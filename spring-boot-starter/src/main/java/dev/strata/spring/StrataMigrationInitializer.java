package dev.strata.spring;

import dev.strata.core.Strata;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs the migration strategy while the application context starts: before the beans that depend on
 * it (JPA's EntityManagerFactory, JdbcTemplate) are made, and so before any CommandLineRunner. A
 * failure stops the start-up with Strata's message.
 */
public class StrataMigrationInitializer implements InitializingBean {
  private final Strata strata;
  private final StrataMigrationStrategy strategy;

  public StrataMigrationInitializer(Strata strata, StrataMigrationStrategy strategy) {
    this.strata = strata;
    this.strategy = strategy;
  }

  @Override
  public void afterPropertiesSet() {
    strategy.migrate(strata);
  }
}

package dev.strata.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link StrataMigrationInitializer} initializes the database: every bean
 * that depends on database initialization (JPA's EntityManagerFactory, JdbcTemplate, jOOQ's
 * DSLContext, ...) is then made after it, as with Flyway.
 */
public class StrataDatabaseInitializerDetector
    extends AbstractBeansOfTypeDatabaseInitializerDetector {
  @Override
  protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
    return Set.of(StrataMigrationInitializer.class);
  }
}

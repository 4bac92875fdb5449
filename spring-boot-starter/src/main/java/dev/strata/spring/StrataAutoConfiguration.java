package dev.strata.spring;

import dev.strata.core.Strata;
import dev.strata.core.StrataBuilder;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.review.ReviewPolicy;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Deploys the application's migrations at start-up: with the application's DataSource (or {@code
 * strata.url}), reviewed first as the CLI reviews them, before JPA, JdbcTemplate and any
 * CommandLineRunner (see {@link StrataDependsOnPostProcessors}).
 */
// By name: the DataSource auto-configuration moved package in Spring Boot 4.
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@ConditionalOnProperty(prefix = "strata", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StrataProperties.class)
public class StrataAutoConfiguration {
  private static final Log LOG = LogFactory.getLog(StrataAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  public Strata strata(StrataProperties properties, ObjectProvider<DataSource> dataSource) {
    StrataBuilder builder =
        Strata.configure().locations(properties.getLocations().toArray(String[]::new));
    builder.classLoader(Thread.currentThread().getContextClassLoader());
    if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
      builder.url(
          dev.strata.core.config.DatabaseUrls.withCredentials(
              properties.getUrl(), properties.getUser(), properties.getPassword()));
    } else {
      DataSource ds = dataSource.getIfAvailable();
      if (ds == null) {
        throw new IllegalStateException(
            "Strata has no database: define a DataSource (spring.datasource.url) or strata.url,"
                + " or set strata.enabled=false.");
      }
      builder.dataSource(ds);
    }
    properties.getPlaceholders().forEach(builder::placeholder);
    builder.lockWait(properties.getLockWait());
    return builder.load();
  }

  @Bean
  @ConditionalOnMissingBean
  public StrataMigrationStrategy strataMigrationStrategy(StrataProperties properties) {
    ReviewPolicy policy =
        new ReviewPolicy(
            ReviewPolicy.Mode.valueOf(properties.getReview().name()),
            Set.copyOf(properties.getAllowHazards()),
            0);
    RunLimits limits =
        new RunLimits(Optional.ofNullable(properties.getLockTimeout()), Optional.empty(), 0);
    return strata -> {
      var result =
          strata.deploy(
              new DeployOptions(false, properties.getLockWait(), limits),
              policy,
              review -> {},
              DeployListener.NONE);
      if (!result.applied().isEmpty()) {
        LOG.info(
            "Strata applied "
                + result.applied().size()
                + " migration(s) to "
                + result.database()
                + ": "
                + String.join(", ", result.applied().stream().map(a -> a.name()).toList()));
      }
    };
  }

  @Bean
  @ConditionalOnMissingBean
  public StrataMigrationInitializer strataMigrationInitializer(
      Strata strata, StrataMigrationStrategy strategy) {
    return new StrataMigrationInitializer(strata, strategy);
  }
}

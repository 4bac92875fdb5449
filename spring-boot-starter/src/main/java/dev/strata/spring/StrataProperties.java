package dev.strata.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code strata.*}: how the application's migrations are deployed when it starts. */
@ConfigurationProperties(prefix = "strata")
public class StrataProperties {
  /** Whether to deploy the migrations at start-up. */
  private boolean enabled = true;

  /** Where the migrations are: classpath: or filesystem: locations, read as one set. */
  private List<String> locations = new ArrayList<>(List.of("classpath:db/migrations"));

  /**
   * A database URL for the migrations' own connections (postgresql://… or jdbc:postgresql:…);
   * empty: the application's DataSource.
   */
  private String url;

  /** The user for {@code strata.url}, when the URL does not name it. */
  private String user;

  /** The password for {@code strata.url}, when the URL does not hold it. */
  private String password;

  /**
   * The review before anything is applied, as the CLI's --review: auto (text rules, and a shadow
   * run of what touches tables in use), full, static (text rules only) or off.
   */
  private Review review = Review.AUTO;

  /** Error-level review findings that do not stop the deploy, by code (as --allow-hazards). */
  private List<String> allowHazards = new ArrayList<>();

  /** How long to wait for another deployer's lock before failing start-up. */
  private Duration lockWait = Duration.ofSeconds(60);

  /** lock_timeout for the migrations' statements (as --lock-timeout); empty: none. */
  private Duration lockTimeout;

  /** Values for ${key} placeholders in the migrations (never in their checksums). */
  private java.util.Map<String, String> placeholders = new java.util.LinkedHashMap<>();

  /** The review modes, as the CLI names them. */
  public enum Review {
    AUTO,
    FULL,
    STATIC,
    OFF
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getLocations() {
    return locations;
  }

  public void setLocations(List<String> locations) {
    this.locations = locations;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public Review getReview() {
    return review;
  }

  public void setReview(Review review) {
    this.review = review;
  }

  public List<String> getAllowHazards() {
    return allowHazards;
  }

  public void setAllowHazards(List<String> allowHazards) {
    this.allowHazards = allowHazards;
  }

  public Duration getLockWait() {
    return lockWait;
  }

  public void setLockWait(Duration lockWait) {
    this.lockWait = lockWait;
  }

  public Duration getLockTimeout() {
    return lockTimeout;
  }

  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  public java.util.Map<String, String> getPlaceholders() {
    return placeholders;
  }

  public void setPlaceholders(java.util.Map<String, String> placeholders) {
    this.placeholders = placeholders;
  }
}

package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The delivery's bounds and timings (docs/operations.md, "Webhooks"). Every wait is bounded: a
 * connection by {@code connect-timeout}, each read by {@code read-timeout}, a whole attempt by
 * {@code attempt-timeout}; a claim's lease outlasts an attempt, so a delivery is sent again only
 * when its node died.
 */
@ApplicationScoped
public class DeliverySettings {

  /** A response's body is read (and dropped) up to this many bytes, its headers up to 16 KiB. */
  public static final int MAX_RESPONSE_BODY_BYTES = 4096;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.enabled", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.poll-interval", defaultValue = "PT1S")
  Duration pollInterval;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.threads", defaultValue = "8")
  int threads;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.max-in-flight-per-org", defaultValue = "2")
  int maxPerOrg;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.connect-timeout", defaultValue = "PT5S")
  Duration connectTimeout;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.read-timeout", defaultValue = "PT10S")
  Duration readTimeout;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.attempt-timeout", defaultValue = "PT20S")
  Duration attemptTimeout;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.delivery.lease", defaultValue = "PT2M")
  Duration lease;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.retry.first-delay", defaultValue = "PT5S")
  Duration firstDelay;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.retry.max-delay", defaultValue = "PT4H")
  Duration maxDelay;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.retry.window", defaultValue = "P3D")
  Duration window;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.trust-store")
  Optional<String> trustStore;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.trust-store-password")
  Optional<String> trustStorePassword;

  public boolean enabled() {
    return enabled;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public int threads() {
    return Math.max(1, Math.min(threads, 64));
  }

  public int maxPerOrg() {
    return Math.max(1, maxPerOrg);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /** At least an attempt's own bounds and 5 s more. */
  public Duration lease() {
    Duration floor = attemptTimeout.plus(connectTimeout).plusSeconds(5);
    return lease.compareTo(floor) < 0 ? floor : lease;
  }

  public RetrySchedule retries() {
    return new RetrySchedule(
        firstDelay, maxDelay.compareTo(firstDelay) < 0 ? firstDelay : maxDelay, window);
  }

  public Optional<String> trustStore() {
    return trustStore.filter(s -> !s.isBlank());
  }

  public char[] trustStorePassword() {
    return trustStorePassword.orElse("").toCharArray();
  }
}

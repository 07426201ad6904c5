package tech.eclips.workforce.breakers.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The breaker figures ({@code ECLIPS_BREAKERS_FAILURE_THRESHOLD}, {@code
 * ECLIPS_BREAKERS_OPEN_SECONDS}), read once at start-up.
 */
@ApplicationScoped
public class BreakerSettings {

  @Inject
  @ConfigProperty(name = "eclips.breakers.failure-threshold", defaultValue = "5")
  int failureThreshold;

  @Inject
  @ConfigProperty(name = "eclips.breakers.open-seconds", defaultValue = "60")
  long openSeconds;

  public int failureThreshold() {
    return Math.max(1, failureThreshold);
  }

  public Duration openFor() {
    return Duration.ofSeconds(Math.max(1, openSeconds));
  }
}

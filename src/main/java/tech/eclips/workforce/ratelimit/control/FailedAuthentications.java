package tech.eclips.workforce.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Unauthenticated and failed-authentication traffic, limited per client address ({@code
 * ECLIPS_RATELIMIT_FAILED_AUTH_PER_MINUTE}, default 60): an address that used up its failures is
 * refused before its key is even looked at, so it cannot make the server reach the database.
 * Requests that authenticate cost nothing here.
 */
@ApplicationScoped
public class FailedAuthentications {

  static final int MAX_ADDRESSES = 100_000;

  private final FixedWindowLimiters<String> limiters =
      new FixedWindowLimiters<>(System::nanoTime, MAX_ADDRESSES);

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.failed-auth-per-minute", defaultValue = "60")
  int perMinute;

  /** Seconds until this address may try again; 0 if it may now. */
  public long secondsToWait(String address) {
    return limiters.secondsToWait(address);
  }

  public void failed(String address) {
    limiters.acquire(address, Math.max(1, perMinute));
  }
}

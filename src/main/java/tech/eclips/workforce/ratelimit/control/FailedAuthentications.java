package tech.eclips.workforce.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Unauthenticated and failed-authentication traffic, limited per client address ({@code
 * ECLIPS_RATELIMIT_FAILED_AUTH_PER_MINUTE}, default 60): an address that used up its failures is
 * refused before its key is even looked at, so it cannot make the server reach the database.
 * Requests that authenticate cost nothing here. The address is the client's network for IPv6
 * ({@code RequestContext.clientNetwork}), so rotating through a /64 does not buy new windows. At
 * most {@link #MAX_ADDRESSES} are tracked; while that many failed within two minutes, a new address
 * counts as throttled (only keys this node already holds pass) rather than anyone's count being
 * forgotten.
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

package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Is this presented key a live key, and whose? Checksum first (garbage never reaches the database),
 * then the digest through the cache and the lookup gate, then revocation and expiry.
 */
@ApplicationScoped
public class KeyVerifier {

  @Inject KeyCache cache;
  @Inject KeyLookup lookup;
  @Inject LastUsedTracker lastUsed;

  Clock clock = Clock.systemUTC();

  public Optional<Caller> verify(String presented) {
    if (KeyFormat.check(presented).isEmpty()) {
      return Optional.empty();
    }
    Optional<Caller> caller =
        cache.get(KeyDigest.of(presented), lookup::resolve).filter(c -> c.usableAt(clock.instant()));
    caller.ifPresent(lastUsed::touch);
    return caller;
  }
}

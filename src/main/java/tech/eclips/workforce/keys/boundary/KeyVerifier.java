package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import tech.eclips.workforce.keys.control.KeyCache;
import tech.eclips.workforce.keys.control.KeyDigest;
import tech.eclips.workforce.keys.control.KeyFormat;
import tech.eclips.workforce.keys.control.LastUsedTracker;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.requests.control.Caller;

/**
 * Is this presented key a live key, and whose? Checksum first (garbage never reaches the database),
 * then the digest through the cache and the lookup gate, then revocation and expiry.
 */
@ApplicationScoped
public class KeyVerifier {

  @Inject KeyCache cache;
  @Inject KeyResolution resolution;
  @Inject LastUsedTracker lastUsed;
  @Inject Meters meters;

  Clock clock = Clock.systemUTC();

  /** The key's record, usable or not; empty for garbage and for keys never issued. */
  public Optional<Caller> resolve(String presented) {
    if (KeyFormat.check(presented).isEmpty()) {
      return Optional.empty();
    }
    meters.keyLookup();
    return cache.get(KeyDigest.of(presented), this::miss);
  }

  private Optional<Caller> miss(byte[] digest) {
    meters.keyCacheMiss();
    return resolution.resolve(digest);
  }

  /** The key's record if this node holds it; never asks the database. */
  public Optional<Caller> resolveCached(String presented) {
    if (KeyFormat.check(presented).isEmpty()) {
      return Optional.empty();
    }
    return cache.peek(KeyDigest.of(presented));
  }

  /**
   * Disabled and otherwise live: told apart from a revoked or expired key, because an admin can
   * enable it again.
   */
  public boolean disabledButLive(Caller caller) {
    return caller.disabledAt() != null && caller.liveAt(clock.instant());
  }

  /** Allowed to authenticate now: issued, not revoked, not expired, not disabled. Notes the use. */
  public boolean usable(Caller caller) {
    boolean usable = caller.usableAt(clock.instant());
    if (usable) {
      lastUsed.touch(caller);
    }
    return usable;
  }
}

package tech.eclips.workforce.requests.control;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Who is calling /v1: a key's record as the lookup gate returned it, with its org's plan at that
 * moment, and what contains it (allow-list, quarantine, freeze). Never holds the key itself.
 */
public record Caller(
    OrgId org,
    UUID keyId,
    String name,
    String hint,
    KeyMode mode,
    Set<Scope> scopes,
    Integer keyRateLimit,
    Instant expiresAt,
    Instant revokedAt,
    Instant disabledAt,
    Plan plan,
    Containment containment) {

  public Caller {
    scopes = Set.copyOf(scopes);
    containment = containment == null ? Containment.NONE : containment;
  }

  /** A key without an allow-list, quarantine or freeze. */
  public Caller(
      OrgId org,
      UUID keyId,
      String name,
      String hint,
      KeyMode mode,
      Set<Scope> scopes,
      Integer keyRateLimit,
      Instant expiresAt,
      Instant revokedAt,
      Instant disabledAt,
      Plan plan) {
    this(
        org,
        keyId,
        name,
        hint,
        mode,
        scopes,
        keyRateLimit,
        expiresAt,
        revokedAt,
        disabledAt,
        plan,
        Containment.NONE);
  }

  /** A key that was never disabled. */
  public Caller(
      OrgId org,
      UUID keyId,
      String name,
      String hint,
      KeyMode mode,
      Set<Scope> scopes,
      Integer keyRateLimit,
      Instant expiresAt,
      Instant revokedAt,
      Plan plan) {
    this(org, keyId, name, hint, mode, scopes, keyRateLimit, expiresAt, revokedAt, null, plan);
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  /**
   * Usable now: not revoked (a rotated key's revocation may lie ahead: its grace period), not past
   * its expiry, not disabled.
   */
  public boolean usableAt(Instant now) {
    return liveAt(now) && disabledAt == null;
  }

  /** Not revoked and not expired, whether or not disabled. */
  public boolean liveAt(Instant now) {
    return (revokedAt == null || now.isBefore(revokedAt))
        && (expiresAt == null || now.isBefore(expiresAt));
  }
}

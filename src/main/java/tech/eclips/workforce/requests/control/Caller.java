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
 * moment. Never holds the key itself.
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
    Plan plan) {

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  /** Usable now: not revoked and not past its expiry. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}

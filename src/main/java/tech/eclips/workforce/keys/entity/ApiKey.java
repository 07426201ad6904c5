package tech.eclips.workforce.keys.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.NullableUuidConverter;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** An API key as stored: its SHA-256 digest and a display hint, never the key itself. */
@Entity
@Table(name = "api_keys")
public class ApiKey extends TenantOwned {

  private String name;
  private String mode;
  private byte[] digest;
  private String hint;
  private String scopes;

  @Column(name = "rate_limit_per_minute")
  private Integer rateLimitPerMinute;

  @Column(name = "expires_at")
  private OffsetDateTime expiresAt;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "last_used_at")
  private OffsetDateTime lastUsedAt;

  @Column(name = "revoked_at")
  private OffsetDateTime revokedAt;

  @Column(name = "rotated_from")
  @Convert(converter = NullableUuidConverter.class)
  private UUID rotatedFrom;

  @Column(name = "disabled_at")
  private OffsetDateTime disabledAt;

  @Column(name = "expiry_warned_at")
  private OffsetDateTime expiryWarnedAt;

  /** Comma-joined CIDR ranges (requests.control.AddressRanges); null: any address. */
  @Column(name = "allowed_ips")
  private String allowedIps;

  @Column(name = "quarantined_at")
  private OffsetDateTime quarantinedAt;

  @Column(name = "quarantine_ips")
  private String quarantineIps;

  protected ApiKey() {}

  public ApiKey(UUID id, String name, KeyMode mode, byte[] digest, String hint, Set<Scope> scopes) {
    super(id);
    this.name = name;
    this.mode = mode.code();
    this.digest = digest.clone();
    this.hint = hint;
    this.scopes = Scope.join(scopes);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  public ApiKey limitedTo(Integer perMinute, Instant expires) {
    this.rateLimitPerMinute = perMinute;
    this.expiresAt = expires == null ? null : expires.atOffset(ZoneOffset.UTC);
    return this;
  }

  /** The successor's settings are this key's; only the secret differs. */
  public ApiKey successor(UUID id, byte[] newDigest, String newHint) {
    ApiKey next = new ApiKey(id, name, mode(), newDigest, newHint, scopes());
    next.rotatedFrom = this.id;
    return next.limitedTo(rateLimitPerMinute, expiresAt());
  }

  /**
   * Revoked at {@code at}, or earlier if it already was: revoking a key in its grace period ends
   * the grace at once.
   */
  public void revoke(Instant at) {
    if (revokedAt == null || revokedAt.toInstant().isAfter(at)) {
      revokedAt = at.atOffset(ZoneOffset.UTC);
    }
  }

  /** A name, scopes, limit and expiry as a PATCH leaves them; a new expiry is warned of anew. */
  public void change(String newName, Set<Scope> newScopes, Integer perMinute, Instant expires) {
    if (!java.util.Objects.equals(expires, expiresAt())) {
      expiryWarnedAt = null;
    }
    this.name = newName;
    this.scopes = Scope.join(newScopes);
    limitedTo(perMinute, expires);
  }

  public void disable(Instant at) {
    if (disabledAt == null) {
      disabledAt = at.atOffset(ZoneOffset.UTC);
    }
  }

  public void enable() {
    disabledAt = null;
  }

  /** The ranges (comma-joined, canonical) the key may be used from; {@code null}: any. */
  public void allowFrom(String joinedRanges) {
    this.allowedIps = joinedRanges;
  }

  /**
   * Quarantined from {@code at} (kept if it already was), pinned to {@code pinnedRanges}
   * (comma-joined; {@code null}: not pinned).
   */
  public void quarantine(Instant at, String pinnedRanges) {
    if (quarantinedAt == null) {
      quarantinedAt = at.atOffset(ZoneOffset.UTC);
    }
    quarantineIps = pinnedRanges;
  }

  public void release() {
    quarantinedAt = null;
    quarantineIps = null;
  }

  public String allowedIps() {
    return allowedIps;
  }

  public Instant quarantinedAt() {
    return quarantinedAt == null ? null : quarantinedAt.toInstant();
  }

  public String quarantineIps() {
    return quarantineIps;
  }

  /**
   * Revoked for good at {@code now}: not merely scheduled to be, as a key in its grace period is.
   */
  public boolean revokedAt(Instant now) {
    return revokedAt != null && !revokedAt.toInstant().isAfter(now);
  }

  /** Rotated with a grace period that has not ended: it still works until {@link #revokedAt()}. */
  public boolean inGraceAt(Instant now) {
    return revokedAt != null && revokedAt.toInstant().isAfter(now);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.toInstant().isAfter(now);
  }

  /** Expires within {@code window} from now, and still works until then. */
  public boolean expiresWithin(java.time.Duration window, Instant now) {
    return expiresAt != null
        && !expiredAt(now)
        && !revokedAt(now)
        && !expiresAt.toInstant().isAfter(now.plus(window));
  }

  public Instant disabledAt() {
    return disabledAt == null ? null : disabledAt.toInstant();
  }

  public boolean disabled() {
    return disabledAt != null;
  }

  public String name() {
    return name;
  }

  public KeyMode mode() {
    return KeyMode.fromCode(mode).orElseThrow();
  }

  public String hint() {
    return hint;
  }

  public Set<Scope> scopes() {
    return Scope.split(scopes);
  }

  public Integer rateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  public Instant expiresAt() {
    return expiresAt == null ? null : expiresAt.toInstant();
  }

  public Instant createdAt() {
    return createdAt.toInstant();
  }

  public Instant lastUsedAt() {
    return lastUsedAt == null ? null : lastUsedAt.toInstant();
  }

  public Instant revokedAt() {
    return revokedAt == null ? null : revokedAt.toInstant();
  }

  public UUID rotatedFrom() {
    return rotatedFrom;
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}

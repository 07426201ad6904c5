package tech.eclips.workforce.keys.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
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

  protected ApiKey() {}

  public ApiKey(UUID id, String name, String mode, byte[] digest, String hint, String scopes) {
    super(id);
    this.name = name;
    this.mode = mode;
    this.digest = digest.clone();
    this.hint = hint;
    this.scopes = scopes;
    this.createdAt = OffsetDateTime.now();
  }

  public String name() {
    return name;
  }

  public String hint() {
    return hint;
  }

  public OffsetDateTime revokedAt() {
    return revokedAt;
  }

  public void revoke(OffsetDateTime at) {
    this.revokedAt = at;
  }
}

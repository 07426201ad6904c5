package tech.eclips.workforce.idempotency.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** The first response to a POST with an Idempotency-Key, kept for 24 hours. */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord extends TenantOwned {

  /** live, test or platform: where the key is unique (see IdempotencyScope). */
  private String scope;

  @Column(name = "idem_key")
  private String key;

  @Column(name = "request_hash")
  private byte[] requestHash;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "expires_at")
  private OffsetDateTime expiresAt;

  protected IdempotencyRecord() {}

  /** A live-mode record; the application writes them with SQL, tests persist them. */
  public IdempotencyRecord(UUID id, String key, byte[] requestHash, OffsetDateTime expiresAt) {
    super(id);
    this.scope = "live";
    this.key = key;
    this.requestHash = requestHash.clone();
    this.createdAt = OffsetDateTime.now();
    this.expiresAt = expiresAt;
  }

  public String key() {
    return key;
  }
}

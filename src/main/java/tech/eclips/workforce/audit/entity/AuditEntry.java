package tech.eclips.workforce.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.eclipse.persistence.annotations.ReadOnly;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** One link of an org's append-only, hash-chained audit log. Written by SQL, read through JPA. */
@Entity
@ReadOnly
@Table(name = "audit_log")
public class AuditEntry extends TenantOwned {

  private long seq;

  @Column(name = "occurred_at")
  private OffsetDateTime occurredAt;

  @Column(name = "actor_type")
  @Convert(converter = ActorTypeConverter.class)
  private ActorType actorType;

  @Column(name = "actor_id")
  private String actorId;

  @Column(name = "actor_hint")
  private String actorHint;

  private String action;

  @Column(name = "resource_type")
  private String resourceType;

  @Column(name = "resource_id")
  private String resourceId;

  @Convert(converter = AuditOutcomeConverter.class)
  private AuditOutcome outcome;

  private String code;

  @Column(name = "request_id")
  private String requestId;

  @Column(name = "client_address")
  private String clientAddress;

  @Column(name = "user_agent")
  private String userAgent;

  private int occurrences;

  @Column(name = "prev_hash")
  private byte[] prevHash;

  private byte[] hash;

  protected AuditEntry() {}

  public long seq() {
    return seq;
  }

  public OffsetDateTime occurredAt() {
    return occurredAt;
  }

  public String action() {
    return action;
  }

  public AuditOutcome outcome() {
    return outcome;
  }

  public byte[] prevHash() {
    return prevHash == null ? null : prevHash.clone();
  }

  public byte[] hash() {
    return hash.clone();
  }

  public ActorType actorType() {
    return actorType;
  }

  public String actorId() {
    return actorId;
  }

  public String actorHint() {
    return actorHint;
  }

  public String resourceType() {
    return resourceType;
  }

  public String resourceId() {
    return resourceId;
  }

  public String code() {
    return code;
  }

  public String requestId() {
    return requestId;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public String userAgent() {
    return userAgent;
  }

  public int occurrences() {
    return occurrences;
  }
}

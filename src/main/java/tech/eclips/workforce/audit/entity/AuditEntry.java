package tech.eclips.workforce.audit.entity;

import jakarta.persistence.Column;
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
  private String actorType;

  @Column(name = "actor_id")
  private String actorId;

  private String action;
  private String outcome;
  private String code;

  @Column(name = "request_id")
  private String requestId;

  protected AuditEntry() {}

  public long seq() {
    return seq;
  }

  public String action() {
    return action;
  }

  public String outcome() {
    return outcome;
  }
}

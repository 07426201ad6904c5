package tech.eclips.workforce.triage.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** A run result waiting for a human decision. */
@Entity
@Table(name = "triage_items")
public class TriageItem extends TenantOwned {

  @Column(name = "run_id")
  private UUID runId;

  @Column(name = "agent_type")
  private String agentType;

  private String status;
  private String reasons;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  protected TriageItem() {}

  public TriageItem(UUID id, UUID runId, String agentType, String reasons) {
    super(id);
    this.runId = runId;
    this.agentType = agentType;
    this.status = "open";
    this.reasons = reasons;
    this.createdAt = OffsetDateTime.now();
  }

  public UUID runId() {
    return runId;
  }

  public String status() {
    return status;
  }
}

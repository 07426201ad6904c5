package tech.eclips.workforce.triage.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.runs.entity.RunId;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * A run result waiting for a human decision, in the mode of its run. Read through JPA (tenant
 * filtered twice); written with conditional SQL so that exactly one resolution wins.
 */
@Entity
@Table(name = "triage_items")
public class TriageItem extends TenantOwned {

  @Column(name = "run_id")
  private UUID runId;

  @Column(name = "agent_type")
  private String agentType;

  @Convert(converter = TriageStatusConverter.class)
  private TriageStatus status;

  private String reasons;
  private boolean livemode;
  private String note;

  @Column(name = "resolved_by")
  private String resolvedBy;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "resolved_at")
  private OffsetDateTime resolvedAt;

  protected TriageItem() {}

  /** An open test-mode item; the application opens items with SQL, tests persist them. */
  public TriageItem(UUID id, RunId run, String agentType, String reasons) {
    super(id);
    this.runId = run.value();
    this.agentType = agentType;
    this.status = TriageStatus.OPEN;
    this.reasons = reasons;
    this.createdAt = OffsetDateTime.now();
  }

  public RunId runId() {
    return new RunId(runId);
  }

  public String agentType() {
    return agentType;
  }

  public TriageStatus status() {
    return status;
  }

  /** The reasons as stored: a JSON array of strings. */
  public String reasons() {
    return reasons;
  }

  public boolean livemode() {
    return livemode;
  }

  public String note() {
    return note;
  }

  public String resolvedBy() {
    return resolvedBy;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime resolvedAt() {
    return resolvedAt;
  }
}

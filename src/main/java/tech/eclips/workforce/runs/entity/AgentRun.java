package tech.eclips.workforce.runs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.keys.entity.KeyId;
import tech.eclips.workforce.tenancy.entity.NullableUuidConverter;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** One execution of an agent for an org. Inputs and outputs are JSON documents. */
@Entity
@Table(name = "agent_runs")
public class AgentRun extends TenantOwned {

  @Column(name = "agent_type")
  private String agentType;

  @Convert(converter = RunStatusConverter.class)
  private RunStatus status;

  private boolean livemode;

  @Column(name = "credits_charged")
  private long creditsCharged;

  private String input;
  private String output;
  private String error;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "document_id")
  @Convert(converter = NullableUuidConverter.class)
  private UUID documentId;

  @Column(name = "api_key_id")
  @Convert(converter = NullableUuidConverter.class)
  private UUID apiKeyId;

  @Column(name = "started_at")
  private OffsetDateTime startedAt;

  @Column(name = "triage_item_id")
  @Convert(converter = NullableUuidConverter.class)
  private UUID triageItemId;

  @Column(name = "completed_at")
  private OffsetDateTime completedAt;

  /** Derived by the database from an invoice run's input (V15); kept when its document goes. */
  @Column(name = "invoice_vendor", insertable = false, updatable = false)
  private String invoiceVendor;

  @Column(name = "invoice_number", insertable = false, updatable = false)
  private String invoiceNumber;

  protected AgentRun() {}

  public AgentRun(UUID id, String agentType, boolean livemode, long creditsCharged, String input) {
    super(id);
    this.agentType = agentType;
    this.status = RunStatus.QUEUED;
    this.livemode = livemode;
    this.creditsCharged = creditsCharged;
    this.input = input;
    this.createdAt =
        OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Who asked for it, and from which document, if any. */
  public AgentRun requestedBy(KeyId key, UUID document) {
    this.apiKeyId = key.value();
    this.documentId = document;
    return this;
  }

  public String agentType() {
    return agentType;
  }

  public RunStatus status() {
    return status;
  }

  public String input() {
    return input;
  }

  public boolean livemode() {
    return livemode;
  }

  public long creditsCharged() {
    return creditsCharged;
  }

  public String output() {
    return output;
  }

  public String error() {
    return error;
  }

  public UUID documentId() {
    return documentId;
  }

  public UUID apiKeyId() {
    return apiKeyId;
  }

  public UUID triageItemId() {
    return triageItemId;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime completedAt() {
    return completedAt;
  }

  public String invoiceVendor() {
    return invoiceVendor;
  }

  public String invoiceNumber() {
    return invoiceNumber;
  }
}

package tech.eclips.workforce.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * One event on its way to one endpoint (V29): written by the fan-out (or by a redelivery an admin
 * asks for), claimed and updated by the delivery workers through SQL, read here for the console.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends TenantOwned {

  @Column(name = "endpoint_id")
  private UUID endpointId;

  @Column(name = "event_id")
  private UUID eventId;

  @Column(name = "event_seq")
  private long eventSeq;

  private String status;
  private int attempts;

  @Column(name = "next_attempt_at")
  private OffsetDateTime nextAttemptAt;

  @Column(name = "last_attempt_at")
  private OffsetDateTime lastAttemptAt;

  @Column(name = "last_response_code")
  private Integer lastResponseCode;

  @Column(name = "last_latency_ms")
  private Integer lastLatencyMs;

  @Column(name = "last_error")
  private String lastError;

  private boolean manual;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "completed_at")
  private OffsetDateTime completedAt;

  protected WebhookDelivery() {}

  public UUID endpointId() {
    return endpointId;
  }

  public UUID eventId() {
    return eventId;
  }

  public long eventSeq() {
    return eventSeq;
  }

  public DeliveryStatus status() {
    return DeliveryStatus.fromCode(status);
  }

  public int attempts() {
    return attempts;
  }

  /** When the next attempt is due; null once the delivery has ended. */
  public Instant nextAttemptAt() {
    return status() == DeliveryStatus.PENDING ? instant(nextAttemptAt) : null;
  }

  public Instant lastAttemptAt() {
    return instant(lastAttemptAt);
  }

  public Integer lastResponseCode() {
    return lastResponseCode;
  }

  public Integer lastLatencyMs() {
    return lastLatencyMs;
  }

  public String lastError() {
    return lastError;
  }

  public boolean manual() {
    return manual;
  }

  public Instant createdAt() {
    return instant(createdAt);
  }

  public Instant completedAt() {
    return instant(completedAt);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}

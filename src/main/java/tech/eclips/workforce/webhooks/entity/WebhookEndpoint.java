package tech.eclips.workforce.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * A registered webhook endpoint. Its signing secrets are held only sealed ({@code SecretBox}): this
 * class never sees a plain secret. After a rotation the previous secret stays until {@link
 * #previousSecretUntil()}, so that receivers can switch without losing a delivery.
 */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint extends TenantOwned {

  private boolean livemode;
  private String url;
  private String description;

  @Column(name = "event_types")
  private String eventTypes;

  @Column(name = "secret_sealed")
  private byte[] secretSealed;

  @Column(name = "previous_secret_sealed")
  private byte[] previousSecretSealed;

  @Column(name = "previous_secret_until")
  private OffsetDateTime previousSecretUntil;

  @Column(name = "disabled_at")
  private OffsetDateTime disabledAt;

  /** Why the delivery disabled it (persistent failure); null when an admin did, or enabled. */
  @Column(name = "disabled_reason")
  private String disabledReason;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "updated_at")
  private OffsetDateTime updatedAt;

  protected WebhookEndpoint() {}

  public WebhookEndpoint(
      UUID id, boolean livemode, String url, String description, Set<EventType> eventTypes) {
    super(id);
    this.livemode = livemode;
    this.url = url;
    this.description = description;
    this.eventTypes = EventType.join(eventTypes);
    this.createdAt = now();
    this.updatedAt = createdAt;
  }

  /** The sealed secret is bound to this row's id, so it is set once the id is known. */
  public WebhookEndpoint sealedSecret(byte[] sealed) {
    this.secretSealed = sealed.clone();
    return this;
  }

  /**
   * The current secret becomes the previous one until {@code overlapUntil} (or is dropped at once
   * when that is not in the future); a previous secret from an earlier rotation is dropped.
   */
  public void rotate(byte[] newSealed, Instant overlapUntil, Instant at) {
    if (overlapUntil.isAfter(at)) {
      previousSecretSealed = secretSealed;
      // what PostgreSQL keeps, so the response that shows it says what later reads say
      previousSecretUntil = overlapUntil.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    } else {
      previousSecretSealed = null;
      previousSecretUntil = null;
    }
    secretSealed = newSealed.clone();
    touch();
  }

  public void change(String newUrl, String newDescription, Set<EventType> types, boolean enabled) {
    this.url = newUrl;
    this.description = newDescription;
    this.eventTypes = EventType.join(types);
    if (enabled) {
      disabledAt = null;
      disabledReason = null;
    } else if (disabledAt == null) {
      disabledAt = now();
    }
    touch();
  }

  /** The delivery gave up on it: disabled, with the reason the console shows. */
  public void disableForFailures(String reason) {
    disabledAt = now();
    disabledReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
    touch();
  }

  public String disabledReason() {
    return disabledReason;
  }

  private void touch() {
    updatedAt = now();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  public boolean livemode() {
    return livemode;
  }

  public String url() {
    return url;
  }

  public String description() {
    return description;
  }

  public Set<EventType> eventTypes() {
    return EventType.split(eventTypes);
  }

  public boolean enabled() {
    return disabledAt == null;
  }

  public byte[] secretSealed() {
    return secretSealed.clone();
  }

  /** The previous secret while its overlap lasts at {@code now}. */
  public Optional<byte[]> previousSecretSealed(Instant now) {
    return previousSecretUntil != null && previousSecretUntil.toInstant().isAfter(now)
        ? Optional.of(previousSecretSealed.clone())
        : Optional.empty();
  }

  public Instant previousSecretUntil() {
    return previousSecretUntil == null ? null : previousSecretUntil.toInstant();
  }

  public Instant disabledAt() {
    return disabledAt == null ? null : disabledAt.toInstant();
  }

  public Instant createdAt() {
    return createdAt.toInstant();
  }

  public Instant updatedAt() {
    return updatedAt.toInstant();
  }
}

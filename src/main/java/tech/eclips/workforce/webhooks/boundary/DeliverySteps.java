package tech.eclips.workforce.webhooks.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.events.control.EventJson;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.webhooks.control.AttemptResult;
import tech.eclips.workforce.webhooks.control.DeliverySettings;
import tech.eclips.workforce.webhooks.control.WebhookEndpoints;
import tech.eclips.workforce.webhooks.control.WebhookMessage;
import tech.eclips.workforce.webhooks.control.WebhookSignature;
import tech.eclips.workforce.webhooks.entity.DeliveryStatus;
import tech.eclips.workforce.webhooks.entity.WebhookDelivery;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * The two short transactions around one delivery attempt, each bound to the delivery's org: before
 * it, the signed message (the event as the API shows it, signed with the endpoint's current secret
 * and, during a rotation's overlap, its previous one); after it, the outcome, the next attempt or
 * the end, and an endpoint that failed for the whole retry window disabled (audited, {@code
 * webhook_endpoint.disabled} emitted). No transaction is open while the receiver is called.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DeliverySteps {

  static final String ACTOR = "webhook-delivery";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject WebhookEndpoints endpoints;
  @Inject DeliverySettings settings;
  @Inject AuditWriter audit;
  @Inject EventLog eventLog;

  /** The message to send, or empty when the delivery has ended or its endpoint is off or gone. */
  public Optional<WebhookMessage> prepare(OrgId org, UUID deliveryId, Instant now) {
    tenant.enter(org);
    WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId);
    if (delivery == null || delivery.status() != DeliveryStatus.PENDING) {
      return Optional.empty();
    }
    WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, delivery.endpointId());
    Event event = em.find(Event.class, delivery.eventId());
    if (endpoint == null || event == null || !endpoint.enabled()) {
      release(org, deliveryId);
      return Optional.empty();
    }
    byte[] body = EventJson.of(event).getBytes(StandardCharsets.UTF_8);
    long timestamp = now.getEpochSecond();
    String id = event.publicId();
    String signature =
        WebhookSignature.header(id, timestamp, body, endpoints.signingSecrets(endpoint, now));
    return Optional.of(
        new WebhookMessage(URI.create(endpoint.url()), id, timestamp, signature, body));
  }

  private void release(OrgId org, UUID deliveryId) {
    em.createNativeQuery(
            "UPDATE webhook_deliveries SET claimed_until = NULL WHERE org_id = ?1 AND id = ?2")
        .setParameter(1, org.value())
        .setParameter(2, deliveryId)
        .executeUpdate();
  }

  /** Writes the attempt's outcome: done, the next attempt's time, or failed for good. */
  public void record(OrgId org, UUID deliveryId, AttemptResult result, Instant now) {
    tenant.enter(org);
    WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId);
    if (delivery == null || delivery.status() != DeliveryStatus.PENDING) {
      return;
    }
    Optional<Instant> next =
        result.succeeded()
            ? Optional.empty()
            : settings
                .retries()
                .next(
                    delivery.attempts() + 1,
                    delivery.createdAt(),
                    now,
                    ThreadLocalRandom.current());
    DeliveryStatus status =
        result.succeeded()
            ? DeliveryStatus.SUCCEEDED
            : next.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    em.createNativeQuery(
            "UPDATE webhook_deliveries SET status = CAST(?3 AS text), attempts = attempts + 1,"
                + " next_attempt_at = coalesce(CAST(?4 AS timestamptz), next_attempt_at),"
                + " claimed_until = NULL, last_attempt_at = CAST(?5 AS timestamptz),"
                + " last_response_code = CAST(?6 AS integer), last_latency_ms = ?7,"
                + " last_error = CAST(?8 AS text), completed_at = CASE WHEN CAST(?3 AS text) ="
                + " 'pending' THEN NULL ELSE CAST(?5 AS timestamptz) END"
                + " WHERE org_id = ?1 AND id = ?2 AND status = 'pending'")
        .setParameter(1, org.value())
        .setParameter(2, deliveryId)
        .setParameter(3, status.code())
        .setParameter(4, next.map(Timestamp::from).orElse(null))
        .setParameter(5, Timestamp.from(now))
        .setParameter(6, result.status())
        .setParameter(7, (int) Math.min(Integer.MAX_VALUE, result.latencyMillis()))
        .setParameter(8, result.error())
        .executeUpdate();
    if (status == DeliveryStatus.FAILED && !delivery.manual()) {
      // an admin's redelivery that fails says nothing the automatic ones did not
      disableIfPersistentlyFailing(org, delivery, result);
    }
  }

  /**
   * A delivery failed for the whole window: its endpoint is disabled unless some delivery to it
   * succeeded meanwhile (then the receiver works, and only this event was refused).
   */
  private void disableIfPersistentlyFailing(
      OrgId org, WebhookDelivery delivery, AttemptResult result) {
    WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, delivery.endpointId());
    if (endpoint == null || !endpoint.enabled()) {
      return;
    }
    boolean anySuccess =
        !em.createNativeQuery(
                "SELECT 1 FROM webhook_deliveries WHERE org_id = ?1 AND endpoint_id = ?2"
                    + " AND status = 'succeeded' AND completed_at >= ?3 LIMIT 1")
            .setParameter(1, org.value())
            .setParameter(2, endpoint.id())
            .setParameter(3, Timestamp.from(delivery.createdAt()))
            .getResultList()
            .isEmpty();
    if (anySuccess) {
      return;
    }
    String reason =
        "Every delivery attempt failed for "
            + settings.retries().window()
            + " ("
            + (delivery.attempts() + 1)
            + " attempts of event "
            + Event.publicId(delivery.eventId())
            + "; the last: "
            + result.error()
            + "). Fix the receiver, then enable the endpoint again.";
    endpoint.disableForFailures(reason);
    eventLog.emit(
        EventType.WEBHOOK_ENDPOINT_DISABLED,
        endpoint.livemode(),
        JsonSupport.object()
            .add("id", endpoint.id().toString())
            .add("object", "webhook_endpoint")
            .add("url", endpoint.url())
            .add("livemode", endpoint.livemode())
            .add("disabled_reason", endpoint.disabledReason())
            .build());
    audit.append(
        org,
        List.of(
            new AuditEvent(
                ActorType.SYSTEM,
                ACTOR,
                null,
                AuditAction.WEBHOOK_ENDPOINT_DISABLED.code(),
                "webhook_endpoint",
                endpoint.id().toString(),
                AuditOutcome.ALLOWED,
                "persistent_failure",
                null,
                null,
                null,
                1)));
  }
}

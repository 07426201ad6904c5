package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.webhooks.entity.WebhookDelivery;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/** An endpoint's deliveries, for the console: the list, and one event sent again on request. */
@Dependent
public class WebhookDeliveries {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /** Newest first, after the cursor delivery if any. */
  public List<WebhookDelivery> newestAfter(UUID endpoint, WebhookDelivery cursor, int max) {
    TypedQuery<WebhookDelivery> query =
        em.createQuery(
            "SELECT d FROM WebhookDelivery d WHERE d.endpointId = :endpoint"
                + (cursor == null
                    ? ""
                    : " AND (d.createdAt < :at OR (d.createdAt = :at AND d.id < :id))")
                + " ORDER BY d.createdAt DESC, d.id DESC",
            WebhookDelivery.class);
    query.setParameter("endpoint", endpoint);
    if (cursor != null) {
      query
          .setParameter("at", cursor.createdAt().atOffset(ZoneOffset.UTC))
          .setParameter("id", cursor.id());
    }
    return query.setMaxResults(max).getResultList();
  }

  /**
   * A new delivery of the event to the endpoint, due now, beside any earlier one; the receiver gets
   * the same {@code webhook-id}. The event must be of the endpoint's mode (404 otherwise, as for an
   * event that is not the org's).
   */
  public WebhookDelivery redeliver(WebhookEndpoint endpoint, UUID eventId) {
    Event event = em.find(Event.class, eventId);
    if (event == null || event.livemode() != endpoint.livemode()) {
      throw Problems.notFound("event");
    }
    UUID id = UUID.randomUUID();
    em.createNativeQuery(
            "INSERT INTO webhook_deliveries (org_id, id, endpoint_id, event_id, event_seq, manual)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, true)")
        .setParameter(1, boundOrg.id())
        .setParameter(2, id)
        .setParameter(3, endpoint.id())
        .setParameter(4, eventId)
        .setParameter(5, event.seq())
        .executeUpdate();
    return em.find(WebhookDelivery.class, id);
  }
}

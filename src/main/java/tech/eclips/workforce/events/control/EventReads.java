package tech.eclips.workforce.events.control;

import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.problems.control.Problems;

/**
 * The bound org's events of one mode within the plan's audit retention (what the purge keeps),
 * newest first by {@code seq}. Another org's or mode's event is absent, as one that never was.
 */
@Dependent
public class EventReads {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public Event find(String publicId, boolean livemode, OffsetDateTime retained) {
    return Event.parse(publicId)
        .map(id -> em.find(Event.class, id))
        .filter(e -> e.livemode() == livemode && !e.createdAt().isBefore(retained))
        .orElseThrow(() -> Problems.notFound("event"));
  }

  /** The event a page starts after: one of the caller's, else 400. */
  public Event cursor(String startingAfter, boolean livemode) {
    if (startingAfter == null) {
      return null;
    }
    UUID id =
        Event.parse(startingAfter)
            .orElseThrow(() -> Problems.invalidRequest("starting_after", "is not an event id"));
    Event event = em.find(Event.class, id);
    if (event == null || event.livemode() != livemode) {
      throw Problems.invalidRequest("starting_after", "is not an event of yours");
    }
    return event;
  }

  public List<Event> page(
      boolean livemode, EventType type, OffsetDateTime retained, Event cursor, int max) {
    StringBuilder jpql =
        new StringBuilder(
            "SELECT e FROM Event e WHERE e.livemode = :live AND e.createdAt >= :retained");
    if (type != null) {
      jpql.append(" AND e.eventType = :type");
    }
    if (cursor != null) {
      jpql.append(" AND e.seq < :seq");
    }
    TypedQuery<Event> query =
        em.createQuery(jpql.append(" ORDER BY e.seq DESC").toString(), Event.class)
            .setParameter("live", livemode)
            .setParameter("retained", retained);
    if (type != null) {
      query.setParameter("type", type);
    }
    if (cursor != null) {
      query.setParameter("seq", cursor.seq());
    }
    return query.setMaxResults(max).getResultList();
  }
}

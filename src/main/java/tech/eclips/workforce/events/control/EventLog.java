package tech.eclips.workforce.events.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TransactionRequiredException;
import java.util.List;
import java.util.UUID;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonBytes;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * Writes an event inside the transaction of the change it describes, for the org that transaction
 * is bound to: it commits with the change or not at all, and refuses to write without one. One
 * INSERT, no read. A CDI bean, not an EJB: the caller's transaction is all it needs, and an
 * execution batch calls it once per org (the EJB container's hop was a twentieth of a run worker's
 * CPU, issue 26).
 */
@Dependent
public class EventLog {

  /**
   * The most bytes an event's object may take. The table's CHECK (V27) allows 16 KiB; an object
   * larger than this is replaced by its id and kind here, so an event can never fail its change.
   */
  static final int MAX_OBJECT_BYTES = 12 * 1024;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /** An event of the bound org in one mode, its data the object as the API shows it. */
  public void emit(EventType type, boolean livemode, JsonObject object) {
    requireTransaction();
    em.createNativeQuery(
            "INSERT INTO events (org_id, id, livemode, type, data)"
                + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb))")
        .setParameter(1, boundOrg.id())
        .setParameter(2, UUID.randomUUID())
        .setParameter(3, livemode)
        .setParameter(4, type.code())
        .setParameter(5, bounded(object))
        .executeUpdate();
  }

  /** An event not yet written: its type, its mode and its object. */
  public record Pending(EventType type, boolean livemode, JsonObject object) {}

  /**
   * Events of the bound org in one INSERT, in the order given (their sequence numbers follow it):
   * an execution batch writes its runs' events with one round trip instead of one per run.
   */
  public void emitAll(List<Pending> events) {
    if (events.isEmpty()) {
      return;
    }
    requireTransaction();
    StringBuilder rows = new StringBuilder(1024 * events.size()).append('[');
    for (Pending event : events) {
      rows.append(rows.length() == 1 ? "{" : ",{");
      JsonText.field(rows, "id", UUID.randomUUID().toString()).append(',');
      JsonText.field(rows, "livemode", event.livemode()).append(',');
      JsonText.field(rows, "type", event.type().code()).append(',');
      JsonText.raw(rows, "data", bounded(event.object())).append('}');
    }
    em.createNativeQuery(
            "INSERT INTO events (org_id, id, livemode, type, data)"
                + " SELECT ?1, e.id, e.livemode, e.type, e.data"
                + " FROM ROWS FROM (jsonb_to_recordset(CAST(?2 AS jsonb))"
                + " AS (id uuid, livemode boolean, type text, data jsonb)) WITH ORDINALITY"
                + " AS e(id, livemode, type, data, n) ORDER BY e.n")
        .setParameter(1, boundOrg.id())
        .setParameter(2, rows.append(']').toString())
        .executeUpdate();
  }

  /**
   * The object's text, or its truncated stand-in when it takes more than {@link #MAX_OBJECT_BYTES}
   * as its JSON-P provider writes it (UTF-8). Written once: {@link JsonText}'s text is never
   * shorter than that, so only a text over the bound is measured the provider's way.
   */
  static String bounded(JsonObject object) {
    String text = JsonText.of(object);
    if (text.length() <= MAX_OBJECT_BYTES || JsonBytes.of(object) <= MAX_OBJECT_BYTES) {
      return text;
    }
    return JsonText.of(
        JsonSupport.object()
            .add("id", object.getString("id", ""))
            .add("object", object.getString("object", ""))
            .add("truncated", true)
            .build());
  }

  private void requireTransaction() {
    if (!em.isJoinedToTransaction()) {
      throw new TransactionRequiredException("an event is written only inside a transaction");
    }
  }
}

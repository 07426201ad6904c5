package tech.eclips.workforce.audit.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Appends entries to the chain of the org the current transaction is bound to, inside that transaction
 * (MANDATORY): an entry commits with the change it records, or not at all. A transaction-scoped advisory
 * lock per org serialises writers, so concurrent requests cannot fork the chain.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditWriter {

  private static final int ROWS_PER_STATEMENT = 50;
  private static final String COLUMNS = "(org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,"
      + " resource_type, resource_id, outcome, code, request_id, client_address, user_agent, occurrences, prev_hash, hash)";
  private static final String ROW = "(eclips_current_org(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(eclips_current_org()::text, 7))")
        .getSingleResult();
    @SuppressWarnings("unchecked")
    List<Object[]> tail = em.createNativeQuery(
            "SELECT seq, hash FROM audit_log WHERE org_id = eclips_current_org() ORDER BY seq DESC LIMIT 1")
        .getResultList();
    Object[] last = tail.isEmpty() ? anchor() : tail.get(0);
    long seq = last == null ? 0 : ((Number) last[0]).longValue();
    byte[] previous = last == null ? null : (byte[]) last[1];
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
      List<AuditEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
      var insert = em.createNativeQuery("INSERT INTO audit_log " + COLUMNS + " VALUES "
          + String.join(", ", java.util.Collections.nCopies(chunk.size(), ROW)));
      int p = 1;
      for (AuditEvent e : chunk) {
        seq++;
        byte[] hash = AuditChain.link(previous, seq, at, e);
        Object[] values = {UUID.randomUUID(), seq, Timestamp.from(at), e.actorType(), e.actorId(), e.actorHint(),
            e.action(), e.resourceType(), e.resourceId(), e.outcome(), e.code(), e.requestId(), e.clientAddress(),
            e.userAgent(), e.occurrences(), previous, hash};
        for (Object value : values) {
          insert.setParameter(p++, value);
        }
        previous = hash;
      }
      insert.executeUpdate();
    }
  }

  /** After a purge took every entry, the chain continues from the anchor; before any entry there is none. */
  private Object[] anchor() {
    @SuppressWarnings("unchecked")
    List<Object[]> anchors = em.createNativeQuery(
            "SELECT through_seq, hash FROM audit_anchors WHERE org_id = eclips_current_org() ORDER BY through_seq DESC LIMIT 1")
        .getResultList();
    return anchors.isEmpty() ? null : anchors.get(0);
  }
}

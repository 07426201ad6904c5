package tech.eclips.workforce.audit.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Appends to the current org's hash-chained audit log, inside the caller's transaction (MANDATORY): an
 * entry is committed with the change it records, or not at all. Entries of one org are serialised by a
 * transaction-scoped advisory lock, so concurrent writers cannot fork the chain.
 *
 * <p>Link: {@code hash = SHA-256(prev_hash || utf8(seq + US + payload))}, where payload is the entry's
 * fields joined by the unit separator (U+001F), nulls as empty; see {@link #payload}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditTrail {

  static final String SEPARATOR = "\u001f";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public void record(AuditEvent event) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(eclips_current_org()::text, 7))")
        .getSingleResult();
    em.createNativeQuery(
            "INSERT INTO audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,"
                + " resource_type, resource_id, outcome, code, request_id, client_address, user_agent,"
                + " prev_hash, hash)"
                + " SELECT eclips_current_org(), ?1, n.seq, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                + " p.hash, sha256(coalesce(p.hash, ''::bytea) || convert_to(n.seq::text || ?14, 'UTF8'))"
                + " FROM (SELECT 1) one"
                + " LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log WHERE org_id = eclips_current_org()"
                + "   ORDER BY seq DESC LIMIT 1) p ON true"
                + " CROSS JOIN LATERAL (SELECT coalesce(p.seq, 0) + 1 AS seq) n")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, Timestamp.from(at))
        .setParameter(3, event.actorType())
        .setParameter(4, event.actorId())
        .setParameter(5, event.actorHint())
        .setParameter(6, event.action())
        .setParameter(7, event.resourceType())
        .setParameter(8, event.resourceId())
        .setParameter(9, event.outcome())
        .setParameter(10, event.code())
        .setParameter(11, event.requestId())
        .setParameter(12, event.clientAddress())
        .setParameter(13, event.userAgent())
        .setParameter(14, SEPARATOR + payload(at, event))
        .executeUpdate();
  }

  /** The hashed form of an entry's fields (without seq, which SQL prepends). */
  static String payload(Instant at, AuditEvent e) {
    return Stream.of(at.toString(), e.actorType(), e.actorId(), e.actorHint(), e.action(), e.resourceType(),
            e.resourceId(), e.outcome(), e.code(), e.requestId(), e.clientAddress(), e.userAgent())
        .map(v -> v == null ? "" : v)
        .collect(Collectors.joining(SEPARATOR));
  }
}

package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tech.eclips.workforce.audit.entity.AuditEntry;

/**
 * Reading the transaction's org's audit log: newest first, never older than the plan's retention;
 * and checking its hash chain.
 */
@Dependent
public class AuditLog {

  private static final int VERIFY_PAGE = 1_000;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public List<AuditEntry> page(AuditFilter filter, int fetch) {
    StringBuilder jpql =
        new StringBuilder("SELECT e FROM AuditEntry e WHERE e.occurredAt >= :retained");
    filter.from().ifPresent(f -> jpql.append(" AND e.occurredAt >= :from"));
    filter.to().ifPresent(t -> jpql.append(" AND e.occurredAt < :to"));
    filter.action().ifPresent(a -> jpql.append(" AND e.action = :action"));
    Optional<Long> afterSeq =
        filter
            .after()
            .map(
                id ->
                    Optional.ofNullable(em.find(AuditEntry.class, id))
                        .map(AuditEntry::seq)
                        .orElseThrow(
                            () ->
                                tech.eclips.workforce.problems.control.Problems.invalidRequest(
                                    "starting_after", "is not an entry of yours")));
    afterSeq.ifPresent(s -> jpql.append(" AND e.seq < :afterSeq"));
    TypedQuery<AuditEntry> query =
        em.createQuery(jpql.append(" ORDER BY e.seq DESC").toString(), AuditEntry.class)
            .setParameter("retained", retainedSince());
    filter.from().ifPresent(f -> query.setParameter("from", f.atOffset(ZoneOffset.UTC)));
    filter.to().ifPresent(t -> query.setParameter("to", t.atOffset(ZoneOffset.UTC)));
    filter.action().ifPresent(a -> query.setParameter("action", a));
    afterSeq.ifPresent(s -> query.setParameter("afterSeq", s));
    return query.setMaxResults(fetch).getResultList();
  }

  /** Every retained entry, oldest first, in pages (for exports). */
  public void forEachOldestFirst(AuditFilter filter, Consumer<AuditEntry> sink) {
    long fromSeq = 0;
    OffsetDateTime retained = retainedSince();
    while (true) {
      List<AuditEntry> chunk =
          em.createQuery(
                  "SELECT e FROM AuditEntry e WHERE e.seq > :seq AND e.occurredAt >= :retained"
                      + (filter.from().isPresent() ? " AND e.occurredAt >= :from" : "")
                      + (filter.to().isPresent() ? " AND e.occurredAt < :to" : "")
                      + " ORDER BY e.seq",
                  AuditEntry.class)
              .setParameter("seq", fromSeq)
              .setParameter("retained", retained)
              .setMaxResults(VERIFY_PAGE)
              .getResultList();
      if (chunk.isEmpty()) {
        return;
      }
      chunk.stream()
          .filter(e -> filter.action().map(a -> a.equals(e.action())).orElse(true))
          .forEach(sink);
      fromSeq = chunk.get(chunk.size() - 1).seq();
      em.clear();
    }
  }

  /**
   * Walks the whole chain from its start (or from the purge anchor) and reports the first broken
   * link.
   */
  public ChainVerification verify() {
    @SuppressWarnings("unchecked")
    List<Object[]> anchors =
        em.createNativeQuery(
                "SELECT through_seq, hash FROM audit_anchors"
                    + " WHERE org_id = eclips_current_org() ORDER BY through_seq DESC LIMIT 1")
            .getResultList();
    long expectedSeq = anchors.isEmpty() ? 1 : ((Number) anchors.get(0)[0]).longValue() + 1;
    byte[] expectedPrev = anchors.isEmpty() ? null : (byte[]) anchors.get(0)[1];
    long checked = 0;
    while (true) {
      List<AuditEntry> chunk =
          em.createQuery(
                  "SELECT e FROM AuditEntry e WHERE e.seq >= :seq ORDER BY e.seq", AuditEntry.class)
              .setParameter("seq", expectedSeq)
              .setMaxResults(VERIFY_PAGE)
              .getResultList();
      for (AuditEntry entry : chunk) {
        byte[] recomputed =
            AuditChain.link(
                expectedPrev, entry.seq(), entry.occurredAt().toInstant(), entry.event());
        boolean intact =
            entry.seq() == expectedSeq
                && Arrays.equals(entry.prevHash(), expectedPrev)
                && Arrays.equals(entry.hash(), recomputed);
        if (!intact) {
          return new ChainVerification(
              false, checked, expectedSeq, anchors.isEmpty() ? null : expectedSeq - 1);
        }
        checked++;
        expectedSeq++;
        expectedPrev = entry.hash();
      }
      if (chunk.size() < VERIFY_PAGE) {
        return new ChainVerification(
            true,
            checked,
            null,
            anchors.isEmpty() ? null : ((Number) anchors.get(0)[0]).longValue());
      }
      em.clear();
    }
  }

  /**
   * The oldest instant the org's plan keeps, as the database computes it for the purge too (V10's
   * {@code plan_audit_retention}), so reads never show more or less than retention keeps.
   */
  private OffsetDateTime retainedSince() {
    Object since = em.createNativeQuery("SELECT eclips_audit_retained_since()").getSingleResult();
    if (since instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant().atOffset(ZoneOffset.UTC);
    }
    if (since instanceof OffsetDateTime offset) {
      return offset;
    }
    // no tenant or an unknown plan: nothing is retained, so nothing is shown
    return Instant.now().atOffset(ZoneOffset.UTC);
  }

  /** The outcome of a verification: intact, or the seq of the first entry that does not link. */
  public record ChainVerification(
      boolean valid, long entriesChecked, Long firstBrokenSeq, Long anchoredAfterSeq) {}
}

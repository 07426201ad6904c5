package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * Reading the transaction's org's audit log, never older than the plan's retention: pages newest
 * first, batches oldest first for exports, and the chain from a seq for verification. Every read is
 * bounded; whoever walks the whole log does so batch by batch.
 */
@Dependent
public class AuditLog {

  /** Entries per export or verification batch. */
  public static final int BATCH = 1_000;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /** The entry a page starts after: one of the org's, else 400. */
  public AuditEntry cursor(AuditFilter filter) {
    return filter
        .after()
        .map(
            id ->
                Optional.ofNullable(em.find(AuditEntry.class, id))
                    .orElseThrow(
                        () ->
                            Problems.invalidRequest("starting_after", "is not an entry of yours")))
        .orElse(null);
  }

  /** Newest first, after a cursor entry (or from the newest). */
  public List<AuditEntry> newestFirst(
      AuditFilter filter, OffsetDateTime retained, AuditEntry cursor, int max) {
    StringBuilder jpql =
        new StringBuilder("SELECT e FROM AuditEntry e WHERE e.occurredAt >= :retained");
    filter.from().ifPresent(f -> jpql.append(" AND e.occurredAt >= :from"));
    filter.to().ifPresent(t -> jpql.append(" AND e.occurredAt < :to"));
    filter.action().ifPresent(a -> jpql.append(" AND e.action = :action"));
    if (cursor != null) {
      jpql.append(" AND e.seq < :afterSeq");
    }
    TypedQuery<AuditEntry> query = filtered(jpql.append(" ORDER BY e.seq DESC"), filter, retained);
    if (cursor != null) {
      query.setParameter("afterSeq", cursor.seq());
    }
    return query.setMaxResults(max).getResultList();
  }

  /** One export batch: the retained entries after a seq, oldest first. */
  public List<AuditEntry> oldestFirst(AuditFilter filter, OffsetDateTime retained, long afterSeq) {
    StringBuilder jpql =
        new StringBuilder(
            "SELECT e FROM AuditEntry e WHERE e.seq > :seq AND e.occurredAt >= :retained");
    filter.from().ifPresent(f -> jpql.append(" AND e.occurredAt >= :from"));
    filter.to().ifPresent(t -> jpql.append(" AND e.occurredAt < :to"));
    filter.action().ifPresent(a -> jpql.append(" AND e.action = :action"));
    return filtered(jpql.append(" ORDER BY e.seq"), filter, retained)
        .setParameter("seq", afterSeq)
        .setMaxResults(BATCH)
        .getResultList();
  }

  private TypedQuery<AuditEntry> filtered(
      StringBuilder jpql, AuditFilter filter, OffsetDateTime retained) {
    TypedQuery<AuditEntry> query =
        em.createQuery(jpql.toString(), AuditEntry.class).setParameter("retained", retained);
    filter.from().ifPresent(f -> query.setParameter("from", f.atOffset(ZoneOffset.UTC)));
    filter.to().ifPresent(t -> query.setParameter("to", t.atOffset(ZoneOffset.UTC)));
    filter.action().ifPresent(a -> query.setParameter("action", a));
    return query;
  }

  /** The newest purge anchor: where the retained chain starts and the hash it links to. */
  public Optional<ChainWalk.Anchor> anchor() {
    @SuppressWarnings("unchecked")
    List<Object[]> anchors =
        em.createNativeQuery(
                "SELECT through_seq, hash FROM audit_anchors"
                    + " WHERE org_id = ?1 ORDER BY through_seq DESC LIMIT 1")
            .setParameter(1, boundOrg.id())
            .getResultList();
    return anchors.stream()
        .findFirst()
        .map(a -> new ChainWalk.Anchor(((Number) a[0]).longValue(), (byte[]) a[1]));
  }

  /**
   * One verification batch: at most {@code max} (≤ {@link #BATCH}) of the chain's entries from a
   * seq on, in order, retention or not.
   */
  public List<AuditEntry> chainFrom(long seq, int max) {
    return em.createQuery(
            "SELECT e FROM AuditEntry e WHERE e.seq >= :seq ORDER BY e.seq", AuditEntry.class)
        .setParameter("seq", seq)
        .setMaxResults(Math.min(max, BATCH))
        .getResultList();
  }

  /** The stored hash of the entry with this seq, where a verification resumes. */
  public Optional<byte[]> hashAt(long seq) {
    return em
        .createQuery("SELECT e.hash FROM AuditEntry e WHERE e.seq = :seq", byte[].class)
        .setParameter("seq", seq)
        .getResultList()
        .stream()
        .findFirst();
  }

  /**
   * The oldest instant the org's plan keeps, as the database computes it for the purge too (V10's
   * {@code plan_audit_retention}), so reads never show more or less than retention keeps.
   */
  public OffsetDateTime retainedSince() {
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
}

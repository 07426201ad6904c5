package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The bound org's signed checkpoints (V33): its chain head now, whether it moved since the last
 * checkpoint, a new one signed with {@link AuditSigningKey}, and batches of them for the export.
 */
@Dependent
public class Checkpoints {

  /** Checkpoints per export batch. */
  public static final int BATCH = 1_000;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;
  @Inject AuditSigningKey key;

  /**
   * Signs and stores the head if it moved since the last checkpoint (one statement reads both);
   * another node that signed the same head first wins, this one's is dropped.
   */
  public Optional<Checkpoint> signHeadIfMoved() {
    @SuppressWarnings("unchecked")
    List<Object[]> heads =
        em.createNativeQuery(
                "SELECT a.seq, a.hash FROM audit_log a WHERE a.org_id = ?1"
                    + " AND a.seq > COALESCE((SELECT max(c.seq) FROM audit_checkpoints c"
                    + " WHERE c.org_id = ?1), 0)"
                    + " ORDER BY a.seq DESC LIMIT 1")
            .setParameter(1, boundOrg.id())
            .getResultList();
    if (heads.isEmpty()) {
      return Optional.empty();
    }
    long seq = ((Number) heads.get(0)[0]).longValue();
    byte[] hash = (byte[]) heads.get(0)[1];
    // the database keeps microseconds: sign the time exactly as it will be read back
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    byte[] signature = key.sign(Checkpoint.message(boundOrg.id(), seq, hash, at));
    Checkpoint checkpoint = new Checkpoint(boundOrg.id(), seq, hash, at, key.keyId(), signature);
    em.createNativeQuery(
            "INSERT INTO audit_checkpoints (org_id, seq, hash, checkpointed_at, key_id, signature)"
                + " VALUES (?1, ?2, ?3, CAST(?4 AS timestamptz), ?5, ?6) ON CONFLICT DO NOTHING")
        .setParameter(1, boundOrg.id())
        .setParameter(2, seq)
        .setParameter(3, hash)
        .setParameter(4, at.toString())
        .setParameter(5, checkpoint.keyId())
        .setParameter(6, signature)
        .executeUpdate();
    return Optional.of(checkpoint);
  }

  /** One export batch: the org's checkpoints after a seq, oldest first. */
  public List<Checkpoint> after(long seq) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT seq, hash, checkpointed_at, key_id, signature FROM audit_checkpoints"
                    + " WHERE org_id = ?1 AND seq > ?2 ORDER BY seq LIMIT "
                    + BATCH)
            .setParameter(1, boundOrg.id())
            .setParameter(2, seq)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Checkpoint(
                    boundOrg.id(),
                    ((Number) r[0]).longValue(),
                    (byte[]) r[1],
                    instant(r[2]),
                    (String) r[3],
                    (byte[]) r[4]))
        .toList();
  }

  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return ((OffsetDateTime) value).toInstant();
  }
}

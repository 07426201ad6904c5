package tech.eclips.workforce.documents.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.bulkheads.control.Admission;
import tech.eclips.workforce.bulkheads.control.ConnectionPermits;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The {@code document_chunks} table: one statement per chunk. All but {@link #readAlone} join the
 * caller's tenant-bound transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class DocumentChunks {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject TenantContext tenant;
  @Inject ConnectionPermits connections;

  public void insert(UUID document, int seq, byte[] bytes) {
    em.createNativeQuery(
            "INSERT INTO document_chunks (org_id, document_id, seq, bytes)"
                + " VALUES (?4, ?1, ?2, ?3)")
        .setParameter(1, document)
        .setParameter(2, seq)
        .setParameter(3, bytes)
        .setParameter(4, boundOrg.id())
        .executeUpdate();
  }

  public Optional<byte[]> read(UUID document, int seq) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "SELECT bytes FROM document_chunks WHERE org_id = ?3"
                    + " AND document_id = ?1 AND seq = ?2")
            .setParameter(1, document)
            .setParameter(2, seq)
            .setParameter(3, boundOrg.id())
            .getResultList();
    return rows.stream().findFirst().map(byte[].class::cast);
  }

  /**
   * One chunk in a short transaction of its own, bound to the org: a download is written after the
   * request's transaction has committed, and a slow client must not hold a connection meanwhile.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<byte[]> readAlone(OrgId org, UUID document, int seq) {
    // within the org's connection share like any request; refused, the download breaks off
    if (!(connections.holdForTransaction(org) instanceof Admission.Admitted)) {
      throw new IllegalStateException("the org's connection share is in use; download cut off");
    }
    tenant.enter(org);
    return read(document, seq);
  }

  public void delete(UUID document) {
    em.createNativeQuery("DELETE FROM document_chunks WHERE org_id = ?2 AND document_id = ?1")
        .setParameter(1, document)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }
}

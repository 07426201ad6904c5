package tech.eclips.workforce.idempotency.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Deletes every org's expired Idempotency-Keys in one transaction, through the one gate function
 * that may (it deletes expired rows and nothing else, and returns only a count).
 */
@Stateless
public class ExpiredKeysPurge {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public long purge() {
    return ((Number)
            em.createNativeQuery("SELECT eclips_gate.purge_expired_idempotency_keys()")
                .getSingleResult())
        .longValue();
  }
}

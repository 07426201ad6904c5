package tech.eclips.workforce.runs.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * One transaction for a batch of accepts of any orgs ({@code eclips_accept_runs}, V13): each
 * accept's claim, debit, ledger row, run and audit entry, bound to its own org, all committed
 * together. Returns one character per accept: {@code t} accepted, {@code f} the request's own path
 * must judge it (nothing of it was written).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AcceptBatches {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public String acceptAll(String accepts) {
    return (String)
        em.createNativeQuery("SELECT eclips_accept_runs(CAST(?1 AS jsonb))")
            .setParameter(1, accepts)
            .getSingleResult();
  }
}

package tech.eclips.workforce.runs.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.eclips.workforce.runs.control.Accept;
import tech.eclips.workforce.runs.control.AcceptOutcome;
import tech.eclips.workforce.runs.control.Acceptance;

/**
 * One transaction for a batch of accepts of any orgs: each accept's claim, debit, ledger row, run
 * and audit entry, bound to its own org, all committed together ({@link Acceptance#decide}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AcceptBatches {

  @Inject Acceptance acceptance;

  public Map<UUID, AcceptOutcome> acceptAll(List<Accept> accepts) {
    return acceptance.decide(accepts);
  }
}

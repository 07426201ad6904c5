package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.audit.control.QueuedAuditEvent;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * One transaction for a whole batch of queued audit entries, org by org: one commit for all of
 * them. Always a transaction of its own: a flush asked for by a request (verify, a full queue) must
 * never rebind that request's tenant-bound transaction to other orgs.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditBatches {

  @Inject AuditWriter writer;

  public void write(List<QueuedAuditEvent> batch) {
    Map<OrgId, List<AuditEvent>> byOrg = new LinkedHashMap<>();
    batch.forEach(
        queued -> byOrg.computeIfAbsent(queued.org(), o -> new ArrayList<>()).add(queued.event()));
    writer.append(byOrg);
  }
}

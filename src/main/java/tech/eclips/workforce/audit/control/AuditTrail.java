package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Records one event in the current transaction (see {@link AuditWriter}) and tells the request that
 * it is audited, so the per-request audit does not record it a second time.
 */
@Dependent
public class AuditTrail {

  @Inject AuditWriter writer;
  @Inject RequestContext request;

  public void record(OrgId org, AuditEvent event) {
    writer.append(org, List.of(event));
    request.markAudited();
  }
}

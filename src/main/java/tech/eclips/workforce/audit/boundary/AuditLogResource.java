package tech.eclips.workforce.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.Authenticated;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.plans.boundary.PlanGated;
import tech.eclips.workforce.ratelimit.boundary.CostlyCalls;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.boundary.TenantBound;

/**
 * {@code GET /v1/audit-log}: the key's org's entries within the plan's retention, newest first. A
 * page filtered by action or time also counts against the org's limit of filtered audit queries.
 */
@Stateless
@TenantBound
@Path("v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@RequiresScope(Scope.AUDIT_READ)
@RateLimited
@PlanGated
public class AuditLogResource {

  @Inject AuditLog log;
  @Inject RequestContext request;
  @Inject CostlyCalls costly;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "entries within the plan's retention, newest first",
      content = @Content(schema = @Schema(ref = "AuditEntryList")))
  public JsonObject list(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("action") String action,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    AuditFilter filter = AuditFilter.of(from, to, action, startingAfter);
    Page page = Page.of(limit);
    if (filter.narrowed()) {
      costly.auditQuery(request.caller().org());
    }
    return AuditPages.newestFirst(log, page, filter);
  }
}

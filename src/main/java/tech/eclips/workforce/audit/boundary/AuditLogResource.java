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
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.ratelimit.boundary.CostlyCalls;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * {@code GET /v1/audit-log}: the key's org's entries within the plan's retention, newest first. A
 * page filtered by action or time also counts against the org's limit of filtered audit queries.
 */
@Stateless
@PublicApi
@Path("v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.AUDIT_READ)
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

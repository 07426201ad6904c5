package tech.eclips.workforce.triage.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.triage.control.Resolution;
import tech.eclips.workforce.triage.control.Reviewer;
import tech.eclips.workforce.triage.control.TriageQueue;
import tech.eclips.workforce.triage.control.TriageQueue.Resolved;

/** {@code /v1/triage-items}: the key's mode's items; resolving one decides its run. */
@Stateless
@Path("v1/triage-items")
@Produces(MediaType.APPLICATION_JSON)
@PublicApi
@RequiresScope(Scope.TRIAGE_READ)
public class TriageItemsResource {

  @Inject RequestContext request;
  @Inject TriageQueue queue;
  @Inject TriageAudit audit;
  @Inject TriageReads reads;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the caller's mode's triage items, newest first",
      content = @Content(schema = @Schema(ref = "TriageItemList")))
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    return reads.list(request.caller().mode().livemode(), status, limit, startingAfter);
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the item with its run's output",
      content = @Content(schema = @Schema(ref = "TriageItem")))
  public String get(@PathParam("id") String id) {
    return reads.item(id, request.caller().mode().livemode());
  }

  @POST
  @Idempotent
  @Path("{id}/resolve")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.TRIAGE_WRITE)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "TriageResolution")))
  @APIResponse(
      responseCode = "200",
      description = "the resolved item; the run is now succeeded (approve) or rejected (reject)",
      content = @Content(schema = @Schema(ref = "TriageItem")))
  @APIResponse(responseCode = "403", ref = "ApiKeyReviewForbidden")
  @APIResponse(responseCode = "409", ref = "TriageItemResolved")
  public JsonObject resolve(@PathParam("id") String id, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    Resolution resolution = Resolution.from(body);
    Caller who = request.caller();
    Resolved resolved =
        queue.resolve(id, who.mode().livemode(), resolution, Reviewer.key(who.keyId()));
    audit.resolvedByKey(who, resolved);
    return TriageJson.of(resolved.item());
  }
}

package tech.eclips.workforce.triage.boundary;

import jakarta.annotation.security.RolesAllowed;
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
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.triage.control.Resolution;
import tech.eclips.workforce.triage.control.Reviewer;
import tech.eclips.workforce.triage.control.TriageQueue;
import tech.eclips.workforce.triage.control.TriageQueue.Resolved;

/**
 * The console's triage queue: both modes, each item showing its own; members and admins resolve,
 * and only admins above the org's review threshold.
 */
@Stateless
@ConsoleApi
@Path("console/v1/triage-items")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleTriageItemsResource {

  @Inject ConsoleUser user;
  @Inject TriageQueue queue;
  @Inject TriageAudit audit;
  @Inject TriageReads reads;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the org's triage items of both modes, newest first",
      content = @Content(schema = @Schema(ref = "TriageItemList")))
  public JsonObject list(
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    JsonObject items = reads.list(null, status, limit, startingAfter);
    audit.listedByUser(user);
    return items;
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the item with its run's output",
      content = @Content(schema = @Schema(ref = "TriageItem")))
  public String get(@PathParam("id") String id) {
    return reads.item(id, null);
  }

  @POST
  @Idempotent
  @Path("{id}/resolve")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "TriageResolution")))
  @APIResponse(
      responseCode = "200",
      description = "the resolved item",
      content = @Content(schema = @Schema(ref = "TriageItem")))
  @APIResponse(responseCode = "403", ref = "RoleReviewForbidden")
  @APIResponse(responseCode = "409", ref = "TriageItemResolved")
  public JsonObject resolve(@PathParam("id") String id, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    Resolution resolution = Resolution.from(body);
    Reviewer reviewer = Reviewer.user(user.subject(), user.roles().contains(Roles.ORG_ADMIN));
    Resolved resolved = queue.resolve(id, null, resolution, reviewer);
    audit.resolvedByUser(user, resolved);
    return TriageJson.of(resolved.item());
  }
}

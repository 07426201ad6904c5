package tech.eclips.workforce.events.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.events.control.EventJson;
import tech.eclips.workforce.events.control.EventReads;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * {@code /v1/events}: the key's org's events of the key's mode, newest first, within the plan's
 * audit retention.
 */
@Stateless
@Path("v1/events")
@Produces(MediaType.APPLICATION_JSON)
@PublicApi
@RequiresScope(Scope.EVENTS_READ)
public class EventsResource {

  @Inject EventReads reads;
  @Inject AuditLog retention;
  @Inject RequestContext request;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the caller's mode's events, newest first",
      content = @Content(schema = @Schema(ref = "EventList")))
  public String list(
      @QueryParam("type") String type,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    EventType only = only(type);
    boolean livemode = request.caller().mode().livemode();
    OffsetDateTime retained = retention.retainedSince();
    return page.toText(
        reads.cursor(startingAfter, livemode),
        (cursor, max) -> reads.page(livemode, only, retained, cursor, max),
        EventJson::of);
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the event",
      content = @Content(schema = @Schema(ref = "Event")))
  public String get(@PathParam("id") String id) {
    return EventJson.of(
        reads.find(id, request.caller().mode().livemode(), retention.retainedSince()));
  }

  /** The {@code type} filter, or null for none; an unknown type is a 400. */
  private static EventType only(String type) {
    return type == null
        ? null
        : EventType.fromCode(type)
            .orElseThrow(() -> Problems.invalidRequest("type", "is not an event type"));
  }
}

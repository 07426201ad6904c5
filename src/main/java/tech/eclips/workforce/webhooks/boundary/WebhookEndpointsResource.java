package tech.eclips.workforce.webhooks.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.events.entity.Event;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.sql.NewestFirst;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.webhooks.control.Destinations;
import tech.eclips.workforce.webhooks.control.EndpointPatch;
import tech.eclips.workforce.webhooks.control.NewEndpoint;
import tech.eclips.workforce.webhooks.control.Redelivery;
import tech.eclips.workforce.webhooks.control.SecretRotation;
import tech.eclips.workforce.webhooks.control.WebhookDeliveries;
import tech.eclips.workforce.webhooks.control.WebhookEndpoints;
import tech.eclips.workforce.webhooks.control.WebhookEndpoints.Issued;
import tech.eclips.workforce.webhooks.entity.WebhookDelivery;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * The console's webhook endpoints (issue 23): members read; admins register, change, delete and
 * rotate signing secrets. Always the token's own org. A signing secret is shown once, in the
 * response that creates it (create, rotate), and never again.
 */
@Stateless
@Path("console/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@ConsoleApi
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class WebhookEndpointsResource {

  private static final String RESOURCE = "webhook_endpoint";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;
  @Inject WebhookEndpoints endpoints;
  @Inject WebhookDeliveries deliveries;
  @Inject Destinations destinations;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  /** A rotation's body is optional, so that method has no {@code @Consumes}. */
  @Inject HttpServletRequest http;

  /**
   * {@code {url, mode, event_types, description?}}. The URL must be {@code https} (plain {@code
   * http} in dev mode only) and must not name a loopback, private, link-local, metadata or other
   * refused address (400 {@code webhook_destination_refused}); a host name is checked again,
   * resolved, before every delivery. At most 16 endpoints per org (409).
   */
  @POST
  @Idempotent(revealsSecret = true)
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "WebhookEndpointCreate")))
  @APIResponse(
      responseCode = "201",
      description = "the new endpoint with its signing secret, shown only here",
      content = @Content(schema = @Schema(ref = "WebhookEndpointWithSecret")),
      headers = {
        @Header(name = "Location", ref = "Location"),
        @Header(name = "Cache-Control", ref = "Cache-Control")
      })
  @APIResponse(responseCode = "400", ref = "WebhookBadRequest")
  @APIResponse(responseCode = "409", ref = "WebhookEndpointLimitReached")
  @APIResponse(responseCode = "503", ref = "WebhooksNotConfigured")
  public Response create(JsonBody requestBody) {
    NewEndpoint spec = NewEndpoint.from(JsonBody.textOf(requestBody), destinations);
    Issued issued = endpoints.create(spec);
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.WEBHOOK_ENDPOINT_CREATED,
            RESOURCE,
            issued.endpoint().id()));
    return shown(issued, true);
  }

  /** Newest first, paged like every list. */
  @GET
  @APIResponse(
      responseCode = "200",
      description = "the org's endpoints of both modes, newest first, without secrets",
      content = @Content(schema = @Schema(ref = "WebhookEndpointList")))
  public JsonObject list(
      @QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    WebhookEndpoint cursor =
        startingAfter == null
            ? null
            : Ids.uuid(startingAfter)
                .map(uuid -> em.find(WebhookEndpoint.class, uuid))
                .orElseThrow(
                    () -> Problems.invalidRequest("starting_after", "is not an endpoint of yours"));
    Instant now = Instant.now();
    return page.toJson(cursor, this::newestAfter, e -> WebhookEndpointJson.of(e, now));
  }

  private List<WebhookEndpoint> newestAfter(WebhookEndpoint cursor, int max) {
    return cursor == null
        ? NewestFirst.after(em, WebhookEndpoint.class, null, null, max)
        : NewestFirst.after(em, WebhookEndpoint.class, cursor.createdAt(), cursor.id(), max);
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the endpoint, without its secret",
      content = @Content(schema = @Schema(ref = "WebhookEndpoint")))
  public JsonObject get(@PathParam("id") String id) {
    return WebhookEndpointJson.of(find(id), Instant.now());
  }

  /**
   * {@code {url?, event_types?, description?, enabled?}}: a field left out keeps its value; a new
   * URL is checked as at creation. Audited with the changed fields in the entry's code.
   */
  @PATCH
  @Idempotent
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "WebhookEndpointUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the endpoint as changed",
      content = @Content(schema = @Schema(ref = "WebhookEndpoint")))
  @APIResponse(responseCode = "400", ref = "WebhookBadRequest")
  public JsonObject update(@PathParam("id") String id, JsonBody requestBody) {
    WebhookEndpoint endpoint = find(id);
    EndpointPatch patch = EndpointPatch.from(JsonBody.textOf(requestBody), endpoint, destinations);
    List<String> changed = changes(endpoint, patch);
    endpoint.change(
        patch.url().toString(), patch.description(), patch.eventTypes(), patch.enabled());
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.WEBHOOK_ENDPOINT_UPDATED,
            RESOURCE,
            endpoint.id(),
            String.join(",", changed)));
    return WebhookEndpointJson.of(endpoint, Instant.now());
  }

  private static List<String> changes(WebhookEndpoint endpoint, EndpointPatch patch) {
    List<String> changed = new ArrayList<>();
    if (!patch.url().toString().equals(endpoint.url())) {
      changed.add("url");
    }
    if (!patch.eventTypes().equals(endpoint.eventTypes())) {
      changed.add("event_types");
    }
    if (!Objects.equals(patch.description(), endpoint.description())) {
      changed.add("description");
    }
    if (patch.enabled() != endpoint.enabled()) {
      changed.add("enabled");
    }
    return changed;
  }

  /**
   * A new signing secret. The previous one keeps signing deliveries beside it (a second {@code v1,}
   * signature) for {@code overlap_seconds} (0 to 86,400; default 86,400), so receivers can switch
   * without losing a delivery. A second rotation within the overlap drops the oldest secret.
   */
  @POST
  @Idempotent(revealsSecret = true)
  @Path("{id}/rotate-secret")
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(
      required = false,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "WebhookSecretRotation")))
  @APIResponse(
      responseCode = "200",
      description =
          "the endpoint with its new signing secret, shown only here; secret_rotation_ends_at says"
              + " until when the previous secret still signs",
      content = @Content(schema = @Schema(ref = "WebhookEndpointWithSecret")),
      headers = @Header(name = "Cache-Control", ref = "Cache-Control"))
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "503", ref = "WebhooksNotConfigured")
  public Response rotateSecret(@PathParam("id") String id, JsonBody requestBody) {
    SecretRotation rotation =
        SecretRotation.from(JsonBody.textOf(requestBody), http.getContentType());
    WebhookEndpoint endpoint = find(id);
    Issued issued = endpoints.rotate(endpoint, rotation, Instant.now());
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.WEBHOOK_ENDPOINT_SECRET_ROTATED,
            RESOURCE,
            endpoint.id(),
            "overlap_seconds=" + rotation.overlap().toSeconds()));
    return shown(issued, false);
  }

  @DELETE
  @Idempotent
  @Path("{id}")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(responseCode = "204", description = "deleted; nothing more is delivered to it")
  public Response delete(@PathParam("id") String id) {
    OrgId org = user.org();
    WebhookEndpoint endpoint = find(id);
    endpoints.delete(endpoint);
    audit.record(
        org,
        events.userAllowed(
            user.subject(), AuditAction.WEBHOOK_ENDPOINT_DELETED, RESOURCE, endpoint.id()));
    return Response.noContent().build();
  }

  /**
   * The endpoint's deliveries, newest first: one per event (and one per redelivery), with where it
   * stands, its attempts, the last attempt's status code, latency and reason, and the next
   * attempt's time while it is retried.
   */
  @GET
  @Path("{id}/deliveries")
  @APIResponse(
      responseCode = "200",
      description = "the endpoint's deliveries, newest first",
      content = @Content(schema = @Schema(ref = "WebhookDeliveryList")))
  public JsonObject listDeliveries(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    WebhookEndpoint endpoint = find(id);
    WebhookDelivery cursor =
        startingAfter == null
            ? null
            : Ids.uuid(startingAfter)
                .map(uuid -> em.find(WebhookDelivery.class, uuid))
                .filter(d -> d.endpointId().equals(endpoint.id()))
                .orElseThrow(
                    () ->
                        Problems.invalidRequest(
                            "starting_after", "is not a delivery of this endpoint"));
    return page.toJson(
        cursor,
        (after, max) -> deliveries.newestAfter(endpoint.id(), after, max),
        WebhookDeliveryJson::of);
  }

  /**
   * {@code {event_id}}: sends one event of the endpoint's mode to it again, as a new delivery due
   * now (with the same {@code webhook-id}, so a receiver that has it already can drop it). Audited.
   * A disabled endpoint receives it once it is enabled again.
   */
  @POST
  @Idempotent
  @Path("{id}/redeliveries")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "WebhookRedelivery")))
  @APIResponse(
      responseCode = "202",
      description = "the new delivery, queued",
      content = @Content(schema = @Schema(ref = "WebhookDelivery")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public Response redeliver(@PathParam("id") String id, JsonBody requestBody) {
    WebhookEndpoint endpoint = find(id);
    Redelivery redelivery = Redelivery.from(JsonBody.textOf(requestBody));
    WebhookDelivery delivery = deliveries.redeliver(endpoint, redelivery.eventId());
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.WEBHOOK_EVENT_REDELIVERED,
            RESOURCE,
            endpoint.id(),
            Event.publicId(redelivery.eventId())));
    return Response.accepted(WebhookDeliveryJson.of(delivery)).build();
  }

  /** Created (201 with its Location) or rotated (200): the one response that shows the secret. */
  private static Response shown(Issued issued, boolean created) {
    Response.ResponseBuilder response =
        created
            ? Response.created(
                URI.create("/console/v1/webhook-endpoints/" + issued.endpoint().id()))
            : Response.ok();
    return response
        .entity(WebhookEndpointJson.withSecret(issued, Instant.now()))
        .header("Cache-Control", "no-store")
        .build();
  }

  private WebhookEndpoint find(String id) {
    WebhookEndpoint endpoint =
        Ids.uuid(id).map(uuid -> em.find(WebhookEndpoint.class, uuid)).orElse(null);
    if (endpoint == null) {
      throw Problems.notFound("webhook endpoint");
    }
    return endpoint;
  }
}

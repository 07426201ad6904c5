package tech.eclips.workforce.keys.boundary;

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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.identity.control.ConsoleOrg;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.control.ExpiryWarnings;
import tech.eclips.workforce.keys.control.KeyIssuer;
import tech.eclips.workforce.keys.control.KeyIssuer.Issued;
import tech.eclips.workforce.keys.control.KeyPatch;
import tech.eclips.workforce.keys.control.NewKey;
import tech.eclips.workforce.keys.control.Rotation;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.sql.NewestFirst;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The console's API keys: members read; admins create, change, disable and enable, rotate (with an
 * optional grace period) and revoke. Always the token's own org. Every change reaches every node's
 * key cache as a revocation does ({@link KeyIssuer#changed}).
 */
@Stateless
@ConsoleApi
@Path("console/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ApiKeysResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;
  @Inject ConsoleOrg console;
  @Inject KeyIssuer issuer;
  @Inject EventLog eventLog;
  @Inject PlanPolicy plans;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject ExpiryWarnings warnings;

  /**
   * A rotation's body is optional, so the method has no {@code @Consumes}: see {@link Rotation}.
   */
  @Inject HttpServletRequest http;

  @POST
  @Idempotent(revealsSecret = true)
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "ApiKeyCreate")))
  @APIResponse(
      responseCode = "201",
      description = "the new key with its secret, shown only here",
      content = @Content(schema = @Schema(ref = "ApiKeyWithSecret")),
      headers = {
        @Header(name = "Location", ref = "Location"),
        @Header(name = "Cache-Control", ref = "Cache-Control")
      })
  @APIResponse(responseCode = "409", ref = "KeyLimitReached")
  public Response create(JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    Plan plan = console.plan();
    OrgId org = user.org();
    Issued issued =
        issuer.issue(
            NewKey.from(body, plans.requestsPerMinute(plan), Instant.now()),
            plans.activeKeys(plan));
    audit.record(
        org,
        events.userAllowed(
            user.subject(), AuditAction.API_KEY_CREATED, "api_key", issued.key().id()));
    emit(EventType.API_KEY_CREATED, issued.key());
    warnings.warnDue();
    return Response.created(URI.create("/console/v1/api-keys/" + issued.key().id()))
        .entity(json(issued))
        .header("Cache-Control", "no-store") // the one response that shows the key
        .build();
  }

  /**
   * Newest first, paged like every list: revoked keys stay listed and accumulate. Audited, one
   * entry per page, in the read's transaction.
   */
  @GET
  @APIResponse(
      responseCode = "200",
      description = "the org's keys, newest first, revoked ones included",
      content = @Content(schema = @Schema(ref = "ApiKeyList")))
  public JsonObject list(
      @QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    ApiKey cursor =
        startingAfter == null
            ? null
            : Ids.uuid(startingAfter)
                .map(uuid -> em.find(ApiKey.class, uuid))
                .orElseThrow(
                    () -> Problems.invalidRequest("starting_after", "is not a key of yours"));
    Instant now = Instant.now();
    JsonObject keys =
        page.toJson(cursor, this::newestAfter, key -> ApiKeyJson.of(key, warnings.window(), now));
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), AuditAction.API_KEY_LISTED, "api_key", null));
    return keys;
  }

  private List<ApiKey> newestAfter(ApiKey cursor, int max) {
    return cursor == null
        ? NewestFirst.after(em, ApiKey.class, null, null, max)
        : NewestFirst.after(em, ApiKey.class, cursor.createdAt(), cursor.id(), max);
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the key, without its secret",
      content = @Content(schema = @Schema(ref = "ApiKey")))
  public JsonObject get(@PathParam("id") String id) {
    return json(find(id));
  }

  /**
   * {@code {name?, scopes?, rate_limit_per_minute?, expires_at?}}: a field left out keeps its
   * value, {@code null} lifts the key's own limit or its expiry. Within the plan's rules, as at
   * creation. A change that gives the key more (a scope, a higher limit, a later or no expiry) is
   * audited as {@code api_key.widened}, any other as {@code api_key.updated}; either names the
   * changed fields in the entry's code. An expired key given a later expiry must fit under the
   * plan's key cap.
   */
  @PATCH
  @Idempotent
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "ApiKeyUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the key as changed; the next request with it sees the change",
      content = @Content(schema = @Schema(ref = "ApiKey")))
  @APIResponse(responseCode = "409", ref = "KeyRevokedOrLimitReached")
  public JsonObject update(@PathParam("id") String id, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    OrgId org = user.org();
    ApiKey key = find(id);
    Instant now = Instant.now();
    Plan plan = console.plan();
    int planLimit = plans.requestsPerMinute(plan);
    KeyPatch patch = KeyPatch.from(body, key, planLimit, now);
    if (key.revokedAt(now)) {
      throw Problems.keyRevoked();
    }
    if (key.expiredAt(now) && (patch.expiresAt() == null || patch.expiresAt().isAfter(now))) {
      issuer.withinCap(plans.activeKeys(plan));
    }
    List<String> widened = patch.widens(key, planLimit);
    List<String> changed = patch.changes(key);
    key.change(patch.name(), patch.scopes(), patch.rateLimitPerMinute(), patch.expiresAt());
    issuer.changed(org);
    audit.record(
        org,
        events.userAllowed(
            user.subject(),
            widened.isEmpty() ? AuditAction.API_KEY_UPDATED : AuditAction.API_KEY_WIDENED,
            "api_key",
            key.id(),
            String.join(",", widened.isEmpty() ? changed : widened)));
    warnings.warnDue();
    return json(key);
  }

  /**
   * The key stops working on its next request (401 {@code api_key_disabled}) without being revoked:
   * enabling it makes it work again. Disabling a disabled key changes nothing.
   */
  @POST
  @Idempotent
  @Path("{id}/disable")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(
      responseCode = "200",
      description = "the key, disabled",
      content = @Content(schema = @Schema(ref = "ApiKey")))
  @APIResponse(responseCode = "409", ref = "KeyRevoked")
  public JsonObject disable(@PathParam("id") String id) {
    return switchKey(id, true);
  }

  /** A disabled key works again; a revoked one cannot (409 {@code key_revoked}). */
  @POST
  @Idempotent
  @Path("{id}/enable")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(
      responseCode = "200",
      description = "the key, enabled",
      content = @Content(schema = @Schema(ref = "ApiKey")))
  @APIResponse(responseCode = "409", ref = "KeyRevoked")
  public JsonObject enable(@PathParam("id") String id) {
    return switchKey(id, false);
  }

  private JsonObject switchKey(String id, boolean disable) {
    OrgId org = user.org();
    ApiKey key = find(id);
    Instant now = Instant.now();
    if (key.revokedAt(now)) {
      throw Problems.keyRevoked();
    }
    if (disable) {
      key.disable(now);
    } else {
      key.enable();
    }
    issuer.changed(org);
    audit.record(
        org,
        events.userAllowed(
            user.subject(),
            disable ? AuditAction.API_KEY_DISABLED : AuditAction.API_KEY_ENABLED,
            "api_key",
            key.id()));
    return json(key);
  }

  /** The key's event, in the change's transaction: the key as the API shows it, no secret. */
  private void emit(EventType type, ApiKey key) {
    eventLog.emit(type, key.mode().livemode(), json(key));
  }

  private JsonObject json(ApiKey key) {
    return ApiKeyJson.of(key, warnings.window(), Instant.now());
  }

  private JsonObject json(Issued issued) {
    return ApiKeyJson.withSecret(issued, warnings.window(), Instant.now());
  }

  /**
   * A successor with the same settings. The old key stops at once, or after {@code
   * grace_period_seconds} (at most 86,400): until then both work and the list shows the old key's
   * {@code grace_until}. An expired key's successor gets a fresh expiry (as long as the old key
   * lived) and must fit under the plan's key cap. The body is optional.
   */
  @POST
  @Idempotent(revealsSecret = true)
  @Path("{id}/rotate")
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(
      required = false,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ApiKeyRotation")))
  @APIResponse(
      responseCode = "201",
      description =
          "the new key with its secret; the old one is revoked at once or when its grace ends",
      content = @Content(schema = @Schema(ref = "ApiKeyWithSecret")),
      headers = {
        @Header(name = "Location", ref = "Location"),
        @Header(name = "Cache-Control", ref = "Cache-Control")
      })
  @APIResponse(responseCode = "409", ref = "KeyAlreadyRotated")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public Response rotate(@PathParam("id") String id, JsonBody requestBody) {
    Rotation rotation = Rotation.from(JsonBody.textOf(requestBody), http.getContentType());
    OrgId org = user.org();
    ApiKey old = find(id);
    if (old.revoked()) {
      throw Problems.keyAlreadyRotated();
    }
    Issued issued =
        issuer.rotate(org, old, rotation.grace(), Instant.now(), plans.activeKeys(console.plan()));
    audit.record(
        org, events.userAllowed(user.subject(), AuditAction.API_KEY_ROTATED, "api_key", old.id()));
    emit(EventType.API_KEY_ROTATED, issued.key());
    warnings.warnDue();
    return Response.created(URI.create("/console/v1/api-keys/" + issued.key().id()))
        .entity(json(issued))
        .header("Cache-Control", "no-store") // the one response that shows the key
        .build();
  }

  @DELETE
  @Idempotent
  @Path("{id}")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(responseCode = "204", description = "revoked; the next request with it is refused")
  public Response revoke(@PathParam("id") String id) {
    OrgId org = user.org();
    ApiKey key = find(id);
    issuer.revoke(org, key, Instant.now());
    audit.record(
        org, events.userAllowed(user.subject(), AuditAction.API_KEY_REVOKED, "api_key", key.id()));
    emit(EventType.API_KEY_REVOKED, key);
    return Response.noContent().build();
  }

  private ApiKey find(String id) {
    ApiKey key = Ids.uuid(id).map(uuid -> em.find(ApiKey.class, uuid)).orElse(null);
    if (key == null) {
      throw Problems.notFound("API key");
    }
    return key;
  }
}

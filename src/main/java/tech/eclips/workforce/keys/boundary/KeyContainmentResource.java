package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Set;
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
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.control.ExpiryWarnings;
import tech.eclips.workforce.keys.control.KeyContainment;
import tech.eclips.workforce.keys.control.KeyContainmentChange;
import tech.eclips.workforce.keys.control.KeyIssuer;
import tech.eclips.workforce.keys.control.OrgContainmentChange;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.AddressRanges;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Containing keys without breaking the integration that uses them (issue 25): a key's address
 * allow-list and quarantine, the org-wide freeze of a mode's keys, what a leak report does, and
 * revoking every key of a mode in one call. Every change is audited and reaches every node's key
 * cache as a revocation does ({@link KeyIssuer#changed}): this node's at commit, the others'
 * through the change feed within about a second.
 */
@Stateless
@ConsoleApi
@Path("console/v1/key-containment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class KeyContainmentResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;
  @Inject KeyContainment containment;
  @Inject KeyIssuer issuer;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject EventLog eventLog;
  @Inject ExpiryWarnings warnings;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "which modes are frozen and what a leak report does",
      content = @Content(schema = @Schema(ref = "KeyContainment")))
  public JsonObject get() {
    return json(containment.state());
  }

  /**
   * {@code {"frozen_modes": ["test", "live"]}} refuses every key of those modes at once ({@code 403
   * org_frozen}, on every node within about a second); {@code []} thaws them. {@code
   * {"leak_action": "revoke"}} makes a verified leak report revoke a key instead of quarantining
   * it.
   */
  @PUT
  @Idempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "KeyContainmentUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the org's key containment; the next request with a frozen key is refused",
      content = @Content(schema = @Schema(ref = "KeyContainment")))
  public JsonObject update(JsonBody requestBody) {
    OrgContainmentChange change = OrgContainmentChange.from(JsonBody.textOf(requestBody));
    OrgId org = user.org();
    if (change.frozenModes() != null) {
      containment.freeze(change.frozenModes());
      issuer.changed(org);
      audited(
          AuditAction.API_KEYS_FROZEN, null, "frozen:" + KeyContainment.join(change.frozenModes()));
    }
    if (change.leakAction() != null) {
      containment.leakAction(change.leakAction());
      audited(AuditAction.SETTINGS_UPDATED, "leak_action", change.leakAction().code());
    }
    return json(containment.state());
  }

  /**
   * {@code {allowed_ips?, quarantined?, pinned_ips?}}: the key's allow-list (IPv4/IPv6 addresses or
   * CIDR ranges, at most 50; {@code null} lifts it), and its quarantine: read-only scopes, at most
   * 10 requests a minute, pinned to {@code pinned_ips} or the addresses it was seen from in the
   * last day, every call audited in full; {@code false} lifts it. The next request sees the change.
   */
  @PUT
  @Idempotent
  @Path("api-keys/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(ref = "ApiKeyContainmentUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the key as contained",
      content = @Content(schema = @Schema(ref = "ApiKey")))
  @APIResponse(responseCode = "409", ref = "KeyRevoked")
  public JsonObject contain(@PathParam("id") String id, JsonBody requestBody) {
    KeyContainmentChange change = KeyContainmentChange.from(JsonBody.textOf(requestBody));
    ApiKey key = Ids.uuid(id).map(uuid -> em.find(ApiKey.class, uuid)).orElse(null);
    if (key == null) {
      throw Problems.notFound("API key");
    }
    Instant now = Instant.now();
    if (key.revokedAt(now)) {
      throw Problems.keyRevoked();
    }
    if (change.changesAllowList()) {
      key.allowFrom(change.allowed() == null ? null : change.allowed().joined());
      audited(AuditAction.API_KEY_ALLOW_LIST_CHANGED, key.id(), key.allowedIps());
    }
    if (Boolean.TRUE.equals(change.quarantined())) {
      AddressRanges pinned =
          change.pinned() != null ? change.pinned() : containment.seenFrom(key.id());
      key.quarantine(now, pinned == null ? null : pinned.joined());
      audited(AuditAction.API_KEY_QUARANTINED, key.id(), key.quarantineIps());
      eventLog.emit(EventType.API_KEY_QUARANTINED, key.mode().livemode(), json(key));
    } else if (Boolean.FALSE.equals(change.quarantined())) {
      key.release();
      audited(AuditAction.API_KEY_RELEASED, key.id(), null);
    }
    issuer.changed(user.org());
    return json(key);
  }

  /**
   * {@code {"mode": "test"}}: every key of the mode that works (or works until its grace ends) is
   * revoked at once, in one statement and one audit entry.
   */
  @POST
  @Idempotent
  @Path("revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "KeyRevocationCreate")))
  @APIResponse(
      responseCode = "200",
      description = "how many keys were revoked; their next request is refused",
      content = @Content(schema = @Schema(ref = "KeyRevocation")))
  public JsonObject revokeAll(JsonBody requestBody) {
    JsonRequest json = JsonRequest.parse(JsonBody.textOf(requestBody), Set.of("mode"));
    KeyMode mode =
        json.requiredString("mode", 10)
            .flatMap(KeyMode::fromCode)
            .orElseGet(
                () -> {
                  json.error("mode", "must be test or live");
                  return null;
                });
    json.done();
    int revoked = containment.revokeAll(mode);
    issuer.changed(user.org());
    audited(AuditAction.API_KEYS_REVOKED, null, mode.code() + ":" + revoked);
    return JsonSupport.object()
        .add("object", "key_revocation")
        .add("mode", mode.code())
        .add("revoked", revoked)
        .build();
  }

  private void audited(AuditAction action, Object keyId, String code) {
    audit.record(user.org(), events.userAllowed(user.subject(), action, "api_key", keyId, code));
  }

  private JsonObject json(ApiKey key) {
    return ApiKeyJson.of(key, warnings.window(), Instant.now());
  }

  private static JsonObject json(KeyContainment.State state) {
    JsonArrayBuilder frozen = JsonSupport.array();
    state.frozenModes().forEach(m -> frozen.add(m.code()));
    return JsonSupport.object()
        .add("object", "key_containment")
        .add("frozen_modes", frozen)
        .add("leak_action", state.leakAction().code())
        .build();
  }
}

package tech.eclips.workforce.trust.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.trust.control.ReviewQuorum;
import tech.eclips.workforce.trust.control.TrustProfiles;
import tech.eclips.workforce.trust.control.TrustProfiles.Profile;
import tech.eclips.workforce.trust.control.TrustStanding;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * The org's trust in each agent type, per mode: read by org users; an org admin pins a level or
 * unpins it. Agent types the org has not run yet show the level a first run would get. {@code
 * ?mode=live|test} picks a mode; without it the list holds both (live first) and a pin is live.
 */
@Stateless
@ConsoleApi
@Path("console/v1/agents/trust-profiles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleTrustProfilesResource {

  @Inject TrustProfiles profiles;
  @Inject Agents agents;
  @Inject ConsoleUser user;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "one profile per mode and agent type",
      content = @Content(schema = @Schema(ref = "TrustProfileList")))
  public JsonObject list(@QueryParam("mode") String mode) {
    JsonArrayBuilder data = JsonSupport.array();
    ReviewQuorum quorum = profiles.quorum();
    for (KeyMode each : modes(mode)) {
      boolean live = each.livemode();
      agents.types().forEach(type -> data.add(json(type, live, profiles.find(type, live), quorum)));
    }
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", false)
        .build();
  }

  /** {@code {"level": "guarded"}} pins that level; {@code {"level": null}} unpins. */
  @PUT
  @Idempotent
  @Path("{agent_type}/pin")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "TrustPin")))
  @APIResponse(
      responseCode = "200",
      description = "the profile",
      content = @Content(schema = @Schema(ref = "TrustProfile")))
  public JsonObject pin(
      @PathParam("agent_type") String agentType,
      @QueryParam("mode") String mode,
      JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    if (agents.of(agentType).isEmpty()) {
      throw Problems.notFound("agent type");
    }
    boolean live = mode == null || modes(mode).get(0).livemode();
    Optional<TrustLevel> level = level(body);
    profiles.pin(agentType, live, level);
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            level.isPresent()
                ? AuditAction.TRUST_PROFILE_PINNED
                : AuditAction.TRUST_PROFILE_UNPINNED,
            "trust_profile",
            agentType + (live ? "" : ":test") + level.map(l -> ":" + l.code()).orElse("")));
    return json(agentType, live, profiles.find(agentType, live), profiles.quorum());
  }

  /** Both modes, live first, or the one {@code ?mode=} names (else 400). */
  static List<KeyMode> modes(String mode) {
    if (mode == null) {
      return List.of(KeyMode.LIVE, KeyMode.TEST);
    }
    return List.of(
        KeyMode.fromCode(mode)
            .orElseThrow(() -> Problems.invalidRequest("mode", "must be live or test")));
  }

  private static Optional<TrustLevel> level(String body) {
    JsonRequest json = JsonRequest.parse(body, Set.of("level"));
    JsonValue value = json.value("level");
    Optional<TrustLevel> level = Optional.empty();
    if (value == null) {
      json.error("level", "is required: supervised, guarded, autonomous, or null to unpin");
    } else if (value != JsonValue.NULL) {
      level = value instanceof JsonString s ? TrustLevel.fromCode(s.getString()) : Optional.empty();
      if (level.isEmpty()) {
        json.error("level", "must be supervised, guarded, autonomous, or null to unpin");
      }
    }
    json.done();
    return level;
  }

  static JsonObject json(
      String agentType, boolean livemode, Optional<Profile> stored, ReviewQuorum quorum) {
    TrustStanding standing = stored.map(Profile::standing).orElse(TrustStanding.NEW);
    Integer needed = standing.approvalsToPromote();
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "agent_trust_profile")
            .add("agent_type", agentType)
            .add("livemode", livemode)
            .add("level", standing.level().code())
            .add("pinned", standing.pinned())
            .add("approval_streak", standing.streak())
            .add("approvals", stored.map(Profile::approvals).orElse(0L))
            .add("rejections", stored.map(Profile::rejections).orElse(0L));
    JsonFields.add(
        json,
        "approvals_to_promotion",
        needed == null || standing.pinned() ? null : Math.max(0, needed - standing.streak()));
    json.add("distinct_reviewers", standing.reviewers().size());
    JsonFields.add(json, "reviewers_to_promotion", standing.reviewersToPromote(quorum));
    return JsonFields.add(json, "updated_at", stored.map(Profile::updatedAt).orElse(null)).build();
  }
}

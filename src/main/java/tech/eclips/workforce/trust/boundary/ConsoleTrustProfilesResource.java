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
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.identity.control.ConsoleUser;
import tech.eclips.workforce.identity.control.Roles;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.tenancy.boundary.TenantBound;
import tech.eclips.workforce.trust.control.TrustProfiles;
import tech.eclips.workforce.trust.control.TrustProfiles.Profile;
import tech.eclips.workforce.trust.control.TrustStanding;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * The org's trust in each agent type: read by org users; an org admin pins a level or unpins it.
 * Agent types the org has not run yet show the level a first run would get.
 */
@Stateless
@TenantBound
@Path("console/v1/agents/trust-profiles")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited
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
      description = "one profile per agent type",
      content = @Content(schema = @Schema(ref = "TrustProfileList")))
  public JsonObject list() {
    JsonArrayBuilder data = JsonSupport.array();
    agents.types().forEach(type -> data.add(json(type, profiles.find(type))));
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", false)
        .build();
  }

  /** {@code {"level": "guarded"}} pins that level; {@code {"level": null}} unpins. */
  @PUT
  @Path("{agent_type}/pin")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "TrustPin")))
  @APIResponse(
      responseCode = "200",
      description = "the profile",
      content = @Content(schema = @Schema(ref = "TrustProfile")))
  public JsonObject pin(@PathParam("agent_type") String agentType, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    if (agents.of(agentType).isEmpty()) {
      throw Problems.notFound("agent type");
    }
    Optional<TrustLevel> level = level(body);
    profiles.pin(agentType, level);
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            level.isPresent() ? "trust_profile.pinned" : "trust_profile.unpinned",
            "trust_profile",
            agentType + level.map(l -> ":" + l.code()).orElse("")));
    return json(agentType, profiles.find(agentType));
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

  static JsonObject json(String agentType, Optional<Profile> stored) {
    TrustStanding standing = stored.map(Profile::standing).orElse(TrustStanding.NEW);
    Integer needed = standing.approvalsToPromote();
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "agent_trust_profile")
            .add("agent_type", agentType)
            .add("level", standing.level().code())
            .add("pinned", standing.pinned())
            .add("approval_streak", standing.streak())
            .add("approvals", stored.map(Profile::approvals).orElse(0L))
            .add("rejections", stored.map(Profile::rejections).orElse(0L));
    JsonFields.add(
        json,
        "approvals_to_promotion",
        needed == null || standing.pinned() ? null : needed - standing.streak());
    return JsonFields.add(json, "updated_at", stored.map(Profile::updatedAt).orElse(null)).build();
  }
}

package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.plans.control.PlanPolicy;
import tech.eclips.workforce.ratelimit.control.EffectiveLimit;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;

/** {@code GET /v1/me}: what the presented key is, for any valid key on a plan with API access. */
@ApplicationScoped
@Path("v1/me")
@PublicApi
@RequiresScope(any = true)
public class MeResource {

  @Inject RequestContext request;
  @Inject PlanPolicy plans;

  /**
   * Answers with the serialised text: Liberty's JsonObject writer looks its provider up per
   * response.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "200",
      description = "the calling key: its org, plan, mode, scopes and rate limit",
      content = @Content(schema = @Schema(ref = "KeyIdentity")))
  public String me() {
    Caller who = request.caller();
    JsonArrayBuilder scopes = JsonSupport.array();
    who.scopes().stream().sorted().forEach(s -> scopes.add(s.code()));
    JsonObjectBuilder key =
        JsonSupport.object()
            .add("id", who.keyId().toString())
            .add("name", who.name())
            .add("hint", who.hint())
            .add("mode", who.mode().code())
            .add("scopes", scopes)
            .add(
                "rate_limit_per_minute",
                EffectiveLimit.perMinute(who.keyRateLimit(), plans.requestsPerMinute(who.plan())));
    JsonFields.add(key, "expires_at", who.expiresAt());
    return JsonSupport.object()
        .add("object", "api_key_identity")
        .add("org_id", who.org().toString())
        .add("plan", who.plan().code())
        .add("livemode", who.mode().livemode())
        .add("key", key)
        .build()
        .toString();
  }
}

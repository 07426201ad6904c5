package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.keys.entity.Scope;
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
   * Answers with JSON text written straight away (as {@code JsonText} writes it, Latin-1 only):
   * Liberty's JsonObject writer looks its provider up per response, and a tree costs more than the
   * answer it describes.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "200",
      description = "the calling key: its org, plan, mode, scopes and rate limit",
      content = @Content(schema = @Schema(ref = "KeyIdentity")))
  public String me() {
    Caller who = request.caller();
    StringBuilder json = new StringBuilder(400).append('{');
    JsonText.field(json, "object", "api_key_identity").append(',');
    JsonText.field(json, "org_id", who.org().toString()).append(',');
    JsonText.field(json, "plan", who.plan().code()).append(',');
    JsonText.field(json, "livemode", who.mode().livemode()).append(",\"key\":{");
    JsonText.field(json, "id", who.keyId().toString()).append(',');
    JsonText.field(json, "name", who.name()).append(',');
    JsonText.field(json, "hint", who.hint()).append(',');
    JsonText.field(json, "mode", who.mode().code()).append(",\"scopes\":[");
    List<String> scopes = who.scopes().stream().sorted().map(Scope::code).toList();
    for (int i = 0; i < scopes.size(); i++) {
      JsonText.quote(json.append(i == 0 ? "" : ","), scopes.get(i));
    }
    JsonText.field(
            json.append("],"),
            "rate_limit_per_minute",
            EffectiveLimit.perMinute(who.keyRateLimit(), plans.requestsPerMinute(who.plan())))
        .append(',');
    Instant expiresAt = who.expiresAt();
    JsonText.field(json, "expires_at", expiresAt == null ? null : expiresAt.toString());
    return json.append("}}").toString();
  }
}

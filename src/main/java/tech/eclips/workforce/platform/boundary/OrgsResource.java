package tech.eclips.workforce.platform.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.RateLimited;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.credits.boundary.CreditJson;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.platform.control.GrantAuthorizations;
import tech.eclips.workforce.platform.control.OrgRegistry;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** {@code /platform/v1/orgs}: platform operators create organizations and change their plans. */
@Stateless
@Path("platform/v1/orgs")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class OrgsResource {

  private static final String PLANS = "one of starter, pro, team, growth, enterprise";

  @Inject OrgRegistry registry;
  @Inject JsonWebToken operator;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject Credits credits;
  @Inject GrantAuthorizations grants;

  @POST
  @Idempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "OrgCreate")))
  @APIResponse(
      responseCode = "201",
      description = "created",
      content = @Content(schema = @Schema(ref = "Organization")),
      headers = @Header(name = "Location", ref = "Location"))
  public Response create(JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    JsonRequest json = JsonRequest.parse(body, Set.of("name", "plan"));
    Optional<String> name = json.requiredString("name", 200);
    Optional<Plan> plan = plan(json);
    json.done();
    Organization org = registry.create(name.orElseThrow(), plan.orElseThrow());
    audit.record(
        new OrgId(org.id()),
        events.userAllowed(
            operator.getSubject(), AuditAction.ORG_CREATED, "organization", org.id()));
    return Response.created(URI.create("/platform/v1/orgs/" + org.id()))
        .entity(toJson(org))
        .build();
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the organization",
      content = @Content(schema = @Schema(ref = "Organization")))
  public JsonObject get(@PathParam("id") String id) {
    return toJson(registry.find(org(id)).orElseThrow(() -> Problems.notFound("organization")));
  }

  @PATCH
  @Idempotent
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "OrgPlanChange")))
  @APIResponse(
      responseCode = "200",
      description = "the organization; the plan applies from the next request",
      content = @Content(schema = @Schema(ref = "Organization")))
  public JsonObject changePlan(@PathParam("id") String id, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    OrgId org = org(id);
    JsonRequest json = JsonRequest.parse(body, Set.of("plan"));
    Optional<Plan> plan = plan(json);
    json.done();
    Organization changed =
        registry
            .changePlan(org, plan.orElseThrow())
            .orElseThrow(() -> Problems.notFound("organization"));
    audit.record(
        org,
        events.userAllowed(
            operator.getSubject(), AuditAction.ORG_PLAN_CHANGED, "organization", changed.id()));
    return toJson(changed);
  }

  /**
   * {@code {amount, reason}}: adds credits to the org's balance; Idempotency-Key makes retries safe
   * ({@link Idempotent}). The platform connection authorizes the grant (only the platform role
   * may); this request's transaction applies it with its audit entry and idempotency record, all or
   * nothing (V21).
   */
  @POST
  @Idempotent
  @Path("{id}/credit-grants")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "CreditGrantCreate")))
  @APIResponse(
      responseCode = "201",
      description = "granted",
      content = @Content(schema = @Schema(ref = "CreditGrant")),
      headers = @Header(name = "Idempotent-Replayed", ref = "Idempotent-Replayed"))
  public Response grant(@PathParam("id") String id, JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    OrgId org = org(id);
    registry.find(org).orElseThrow(() -> Problems.notFound("organization"));
    JsonRequest json = JsonRequest.parse(body, Set.of("amount", "reason"));
    Optional<Long> amount = json.optionalPositiveLong("amount", 1_000_000_000_000L);
    if (!json.has("amount") || json.value("amount") == jakarta.json.JsonValue.NULL) {
      // an explicit null is as missing as an absent field (it once reached orElseThrow: a 500)
      json.error("amount", "is required");
    }
    Optional<String> reason = json.requiredString("reason", 200);
    json.done();
    credits.grant(grants.authorize(org, amount.orElseThrow(), reason.orElseThrow()));
    audit.record(
        org,
        events.userAllowed(
            operator.getSubject(), AuditAction.CREDITS_GRANTED, "organization", org));
    String result =
        JsonSupport.object()
            .add("object", "credit_grant")
            .add("amount", amount.get())
            .add("reason", reason.get())
            .add("credits", CreditJson.of(credits.balance()))
            .build()
            .toString();
    return Response.status(201).entity(result).type(MediaType.APPLICATION_JSON).build();
  }

  private static Optional<Plan> plan(JsonRequest json) {
    return json.requiredString("plan", 20)
        .flatMap(p -> Plan.fromCode(p).or(() -> json.error("plan", "must be " + PLANS)));
  }

  private static OrgId org(String id) {
    return Ids.uuid(id).map(OrgId::new).orElseThrow(() -> Problems.notFound("organization"));
  }

  private static JsonObject toJson(Organization org) {
    return JsonSupport.object()
        .add("id", org.id().toString())
        .add("object", "organization")
        .add("name", org.name())
        .add("plan", org.plan().code())
        .add("created_at", org.createdAt().toInstant().toString())
        .build();
  }
}

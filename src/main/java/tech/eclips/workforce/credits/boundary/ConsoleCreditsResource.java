package tech.eclips.workforce.credits.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.credits.control.CreditBalance;
import tech.eclips.workforce.credits.control.CreditUsage;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.identity.control.ConsoleOrg;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;

/** The console's credits: read by members; the per-period budget set by admins. */
@Stateless
@ConsoleApi
@Path("console/v1/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleCreditsResource {

  @Inject ConsoleUser user;
  @Inject ConsoleOrg console;
  @Inject Credits credits;
  @Inject CreditUsage usage;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "balance and the current period",
      content = @Content(schema = @Schema(ref = "CreditBalance")))
  public JsonObject balance() {
    console.organization(); // a token naming an org that is gone: 403
    return CreditJson.of(credits.balance());
  }

  /**
   * This period's use per UTC day, for the console's chart: {@code {object: "credit_usage", period,
   * days: [{date, debited, refunded}]}}, every day up to today.
   */
  @GET
  @Path("usage")
  @APIResponse(
      responseCode = "200",
      description = "this period's use per UTC day, up to today",
      content = @Content(schema = @Schema(ref = "CreditUsage")))
  public JsonObject usage() {
    console.organization();
    CreditBalance balance = credits.balance();
    return CreditJson.usage(balance, usage.since(balance.periodStart()));
  }

  /**
   * {@code {"limit": 5000}} caps this period's use (and later periods'); {@code {"limit": null}}
   * lifts it.
   */
  @PUT
  @Idempotent
  @Path("budget")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "BudgetUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the balance with the new budget",
      content = @Content(schema = @Schema(ref = "CreditBalance")))
  public JsonObject setBudget(JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    console.organization();
    JsonRequest json = JsonRequest.parse(body, Set.of("limit"));
    if (!json.has("limit")) {
      json.error("limit", "is required (a whole number, or null for no budget)");
    }
    Optional<Long> limit = json.optionalPositiveLong("limit", Long.MAX_VALUE / 4);
    json.done();
    CreditBalance now = credits.balance();
    if (limit.isPresent() && limit.get() < now.used()) {
      throw Problems.invalidRequest(
          "limit", "must be at least what this period already used (" + now.used() + ")");
    }
    credits.setBudget(limit.orElse(null));
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.CREDITS_BUDGET_SET,
            "credit_budget",
            limit.map(String::valueOf).orElse("none")));
    return CreditJson.of(credits.balance());
  }
}

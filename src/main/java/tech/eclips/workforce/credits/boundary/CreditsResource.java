package tech.eclips.workforce.credits.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.keys.boundary.Authenticated;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.control.Caller;
import tech.eclips.workforce.keys.control.CurrentCaller;
import tech.eclips.workforce.plans.boundary.PlanGated;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.tenancy.control.TenantContext;

/** {@code GET /v1/credits}: the key's org's balance and current period. */
@Stateless
@Path("v1/credits")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@RequiresScope("credits:read")
@RateLimited
@PlanGated
public class CreditsResource {

  @Inject CurrentCaller caller;
  @Inject TenantContext tenant;
  @Inject Credits credits;

  @GET
  public JsonObject balance() {
    Caller who = caller.required();
    tenant.enter(who.org());
    return CreditJson.of(credits.balance(who.plan()));
  }
}

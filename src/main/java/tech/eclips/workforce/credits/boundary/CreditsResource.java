package tech.eclips.workforce.credits.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;

/** {@code GET /v1/credits}: the key's org's balance and current period. */
@Stateless
@PublicApi
@Path("v1/credits")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.CREDITS_READ)
public class CreditsResource {

  @Inject Credits credits;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "balance and the current period",
      content = @Content(schema = @Schema(ref = "CreditBalance")))
  public JsonObject balance() {
    return CreditJson.of(credits.balance());
  }
}

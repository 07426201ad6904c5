package tech.eclips.workforce.identity.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.identity.control.ConsoleOrg;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;

/**
 * {@code GET /console/v1/me}: who the token is and which org it acts on, so the console page can
 * check a token at sign-in and offer only what the roles allow (the API decides regardless).
 */
@Stateless
@ConsoleApi
@Path("console/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleMeResource {

  @Inject ConsoleUser user;
  @Inject ConsoleOrg console;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the token's subject and roles, and its org",
      content = @Content(schema = @Schema(ref = "ConsoleUser")))
  public JsonObject me() {
    Organization org = console.organization();
    JsonArrayBuilder roles = JsonSupport.array();
    user.roles().forEach(roles::add);
    return JsonSupport.object()
        .add("object", "console_user")
        .add("subject", user.subject())
        .add("roles", roles)
        .add(
            "org",
            JsonSupport.object()
                .add("id", org.id().toString())
                .add("name", org.name())
                .add("plan", org.plan().code()))
        .build();
  }
}

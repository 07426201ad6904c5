package tech.eclips.workforce.settings.boundary;

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
import java.math.BigDecimal;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.identity.control.ConsoleUser;
import tech.eclips.workforce.identity.control.Roles;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.settings.control.OrgSettings;
import tech.eclips.workforce.tenancy.boundary.TenantBound;

/** The org's settings: read by members, changed by admins (audited). */
@Stateless
@TenantBound
@Path("console/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleSettingsResource {

  static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000000");

  @Inject OrgSettings settings;
  @Inject ConsoleUser user;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the org's settings",
      content = @Content(schema = @Schema(ref = "OrgSettings")))
  public JsonObject get() {
    return json(settings.invoiceAutoApproveLimit());
  }

  /**
   * {@code {"invoice_auto_approve_limit": 2500}}: guarded agents send larger invoices to review.
   */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "OrgSettingsUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the org's settings",
      content = @Content(schema = @Schema(ref = "OrgSettings")))
  public JsonObject set(JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    JsonRequest json = JsonRequest.parse(body, Set.of("invoice_auto_approve_limit"));
    BigDecimal limit = json.requiredAmount("invoice_auto_approve_limit", MAX_LIMIT, 2).orElse(null);
    json.done();
    settings.setInvoiceAutoApproveLimit(limit);
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            "settings.updated",
            "invoice_auto_approve_limit",
            limit.toPlainString()));
    return json(limit);
  }

  private static JsonObject json(BigDecimal limit) {
    return JsonSupport.object()
        .add("object", "org_settings")
        .add("invoice_auto_approve_limit", limit)
        .build();
  }
}

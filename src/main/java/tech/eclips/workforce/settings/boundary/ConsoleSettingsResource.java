package tech.eclips.workforce.settings.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
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
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.settings.control.OrgSettings;

/** The org's settings: read by members, changed by admins (audited). */
@Stateless
@ConsoleApi
@Path("console/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleSettingsResource {

  static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000000");
  private static final String AUTO_APPROVE = "invoice_auto_approve_limit";
  private static final String ADMIN_THRESHOLD = "review_admin_threshold";

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
    return json(settings.values());
  }

  /**
   * {@code {"invoice_auto_approve_limit": 2500}}: guarded agents send larger invoices to review;
   * {@code {"review_admin_threshold": 50000}}: larger totals are resolved by org admins only
   * ({@code null} lifts it). At least one of the two; a field left out keeps its value.
   */
  @PUT
  @Idempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ORG_ADMIN)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "OrgSettingsUpdate")))
  @APIResponse(
      responseCode = "200",
      description = "the org's settings",
      content = @Content(schema = @Schema(ref = "OrgSettings")))
  public JsonObject set(JsonBody requestBody) {
    String body = JsonBody.textOf(requestBody);
    JsonRequest json = JsonRequest.parse(body, Set.of(AUTO_APPROVE, ADMIN_THRESHOLD));
    if (!json.has(AUTO_APPROVE) && !json.has(ADMIN_THRESHOLD)) {
      json.error(AUTO_APPROVE, "is required unless " + ADMIN_THRESHOLD + " is given");
    }
    BigDecimal limit =
        json.has(AUTO_APPROVE)
            ? json.requiredAmount(AUTO_APPROVE, MAX_LIMIT, 2).orElse(null)
            : null;
    boolean nullThreshold = json.value(ADMIN_THRESHOLD) == JsonValue.NULL;
    BigDecimal threshold =
        json.has(ADMIN_THRESHOLD) && !nullThreshold
            ? json.requiredAmount(ADMIN_THRESHOLD, MAX_LIMIT, 2).orElse(null)
            : null;
    json.done();
    if (limit != null) {
      settings.setInvoiceAutoApproveLimit(limit);
      updated(AUTO_APPROVE, limit.toPlainString());
    }
    if (json.has(ADMIN_THRESHOLD)) {
      settings.setReviewAdminThreshold(threshold);
      updated(ADMIN_THRESHOLD, threshold == null ? "null" : threshold.toPlainString());
    }
    return json(settings.values());
  }

  private void updated(String setting, String value) {
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), AuditAction.SETTINGS_UPDATED, setting, value));
  }

  private static JsonObject json(OrgSettings.Values values) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "org_settings")
            .add(AUTO_APPROVE, values.invoiceAutoApproveLimit());
    BigDecimal threshold = values.reviewAdminThreshold();
    return (threshold == null
            ? json.addNull(ADMIN_THRESHOLD)
            : json.add(ADMIN_THRESHOLD, threshold))
        .build();
  }
}

package tech.eclips.workforce.platform.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.RateLimited;
import tech.eclips.workforce.audit.boundary.AuditRetention;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.runs.control.RunRecovery;

/** Operators can run the periodic jobs now instead of waiting for their schedule. */
@RequestScoped
@Path("platform/v1/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class MaintenanceResource {

  @Inject AuditRetention retention;
  @Inject RunRecovery recovery;

  @POST
  @Idempotent
  @Path("audit-retention")
  @APIResponse(
      responseCode = "200",
      description = "entries purged beyond each org's retention",
      content = @Content(schema = @Schema(ref = "AuditRetentionRun")))
  public JsonObject applyRetention() {
    return JsonSupport.object()
        .add("object", "audit_retention_run")
        .add("purged_entries", retention.applyNow())
        .build();
  }

  @POST
  @Idempotent
  @Path("run-recovery")
  @APIResponse(
      responseCode = "200",
      description = "runs left queued or running, relaunched",
      content = @Content(schema = @Schema(ref = "RunRecovery")))
  public JsonObject recoverRuns() {
    return JsonSupport.object()
        .add("object", "run_recovery")
        .add("relaunched_runs", recovery.recover(java.time.Instant.now()))
        .build();
  }
}

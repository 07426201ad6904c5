package tech.eclips.workforce.breakers.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.breakers.control.BreakerSettings;
import tech.eclips.workforce.breakers.control.BreakerState;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.identity.control.ConsoleUser;
import tech.eclips.workforce.identity.control.Roles;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.tenancy.boundary.TenantBound;

/** The org's circuit breakers per agent type: read by org users, reset by org admins (audited). */
@Stateless
@TenantBound
@Path("console/v1/agents/circuit-breakers")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleCircuitBreakersResource {

  @Inject CircuitBreakers breakers;
  @Inject BreakerSettings settings;
  @Inject Agents agents;
  @Inject ConsoleUser user;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "one breaker per agent type",
      content = @Content(schema = @Schema(ref = "CircuitBreakerList")))
  public JsonObject list() {
    Instant now = breakers.now();
    JsonArrayBuilder data = JsonSupport.array();
    agents
        .types()
        .forEach(
            type ->
                data.add(
                    json(
                        type,
                        breakers
                            .read(type, false)
                            .map(CircuitBreakers.Reading::state)
                            .orElse(BreakerState.NEW),
                        now)));
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", false)
        .build();
  }

  /** Closes the breaker at once, whatever its state. */
  @POST
  @Path("{agent_type}/reset")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(
      responseCode = "200",
      description = "the breaker, closed",
      content = @Content(schema = @Schema(ref = "CircuitBreaker")))
  public JsonObject reset(@PathParam("agent_type") String agentType) {
    if (agents.of(agentType).isEmpty()) {
      throw Problems.notFound("agent type");
    }
    breakers.reset(agentType);
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), "circuit_breaker.reset", "circuit_breaker", agentType));
    return json(agentType, BreakerState.NEW, breakers.now());
  }

  private JsonObject json(String agentType, BreakerState state, Instant now) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "circuit_breaker")
            .add("agent_type", agentType)
            .add("state", state.state())
            .add("consecutive_failures", state.failures())
            .add("failure_threshold", settings.failureThreshold());
    JsonFields.add(json, "opened_at", state.openedAt());
    JsonFields.add(
        json,
        "retry_after_seconds",
        state.admission(now, settings.openFor()) instanceof BreakerState.Refuse refuse
            ? refuse.retryAfterSeconds()
            : null);
    return JsonFields.add(json, "trial_run_id", state.trialRun()).build();
  }
}

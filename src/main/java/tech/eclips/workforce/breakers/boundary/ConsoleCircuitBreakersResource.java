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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.breakers.control.BreakerSettings;
import tech.eclips.workforce.breakers.control.BreakerState;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.breakers.entity.CircuitState;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.control.EventObjects;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;

/**
 * The org's circuit breakers per mode and agent type: read by org users, reset by org admins
 * (audited). {@code ?mode=live|test} picks a mode; without it the list holds both (live first) and
 * a reset is live.
 */
@Stateless
@ConsoleApi
@Path("console/v1/agents/circuit-breakers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleCircuitBreakersResource {

  @Inject CircuitBreakers breakers;
  @Inject EventLog eventLog;
  @Inject BreakerSettings settings;
  @Inject Agents agents;
  @Inject ConsoleUser user;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "one breaker per mode and agent type",
      content = @Content(schema = @Schema(ref = "CircuitBreakerList")))
  public JsonObject list(@QueryParam("mode") String mode) {
    Instant now = breakers.now();
    JsonArrayBuilder data = JsonSupport.array();
    for (KeyMode each : modes(mode)) {
      boolean live = each.livemode();
      agents
          .types()
          .forEach(
              type ->
                  data.add(
                      json(
                          type,
                          live,
                          breakers
                              .read(type, live, false)
                              .map(CircuitBreakers.Reading::state)
                              .orElse(BreakerState.NEW),
                          now)));
    }
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", false)
        .build();
  }

  /** Closes the breaker at once, whatever its state. */
  @POST
  @Idempotent
  @Path("{agent_type}/reset")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(
      responseCode = "200",
      description = "the breaker, closed",
      content = @Content(schema = @Schema(ref = "CircuitBreaker")))
  public JsonObject reset(
      @PathParam("agent_type") String agentType, @QueryParam("mode") String mode) {
    if (agents.of(agentType).isEmpty()) {
      throw Problems.notFound("agent type");
    }
    boolean live = mode == null || modes(mode).get(0).livemode();
    boolean wasOpen =
        breakers
            .read(agentType, live, true)
            .map(reading -> reading.state().state() != CircuitState.CLOSED)
            .orElse(false);
    breakers.reset(agentType, live);
    if (wasOpen) {
      eventLog.emit(
          EventType.CIRCUIT_BREAKER_CLOSED,
          live,
          EventObjects.breaker(agentType, live, CircuitState.CLOSED.code()));
    }
    audit.record(
        user.org(),
        events.userAllowed(
            user.subject(),
            AuditAction.CIRCUIT_BREAKER_RESET,
            "circuit_breaker",
            agentType + (live ? "" : ":test")));
    return json(agentType, live, BreakerState.NEW, breakers.now());
  }

  /** Both modes, live first, or the one {@code ?mode=} names (else 400). */
  private static List<KeyMode> modes(String mode) {
    if (mode == null) {
      return List.of(KeyMode.LIVE, KeyMode.TEST);
    }
    return List.of(
        KeyMode.fromCode(mode)
            .orElseThrow(() -> Problems.invalidRequest("mode", "must be live or test")));
  }

  private JsonObject json(String agentType, boolean livemode, BreakerState state, Instant now) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "circuit_breaker")
            .add("agent_type", agentType)
            .add("livemode", livemode)
            .add("state", state.state().code())
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

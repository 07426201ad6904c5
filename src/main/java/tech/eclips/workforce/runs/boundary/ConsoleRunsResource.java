package tech.eclips.workforce.runs.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.runs.control.RunSummaries;
import tech.eclips.workforce.runs.control.RunSummaries.Filter;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.runs.entity.RunStatus;

/**
 * The console's runs: one mode at a time, filtered by status and agent type, and one run with its
 * input and output. Members and admins read; nothing here changes a run (a run awaiting review is
 * decided on its triage item). Both reads are audited, since a run's input may be a customer's
 * document.
 */
@Stateless
@ConsoleApi
@Path("console/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleRunsResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject ConsoleUser user;
  @Inject RunSummaries summaries;
  @Inject Agents agents;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "one mode's runs, newest first, without inputs and outputs",
      content = @Content(schema = @Schema(ref = "RunSummaryList")))
  public String list(
      @Parameter(
              description = "the runs of this mode (default live)",
              schema = @Schema(enumeration = {"live", "test"}))
          @QueryParam("mode")
          String mode,
      @Parameter(
              description = "runs of this status only",
              schema =
                  @Schema(
                      enumeration = {
                        "queued",
                        "running",
                        "succeeded",
                        "awaiting_review",
                        "failed",
                        "rejected"
                      }))
          @QueryParam("status")
          String status,
      @Parameter(description = "runs of this agent type only", schema = @Schema(ref = "AgentType"))
          @QueryParam("agent_type")
          String agentType,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    Filter filter = new Filter(livemode(mode), status(status), agentType(agentType));
    String page =
        RunSummaryJson.page(summaries.page(filter, startingAfter, Page.of(limit).limit()));
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), AuditAction.AGENT_RUN_LISTED, "agent_run", null));
    return page;
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the run of either mode, with its input and output",
      content = @Content(schema = @Schema(ref = "Run")))
  public String get(@PathParam("id") String id) {
    AgentRun run =
        Ids.uuid(id)
            .map(uuid -> em.find(AgentRun.class, uuid))
            .orElseThrow(() -> Problems.notFound("agent run"));
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), AuditAction.AGENT_RUN_VIEWED, "agent_run", run.id()));
    return RunJson.of(run, true);
  }

  private static boolean livemode(String mode) {
    if (mode == null) {
      return true;
    }
    return KeyMode.fromCode(mode)
        .orElseThrow(() -> Problems.invalidRequest("mode", "must be live or test"))
        .livemode();
  }

  private static RunStatus status(String status) {
    if (status == null) {
      return null;
    }
    return RunStatus.fromCode(status)
        .orElseThrow(
            () ->
                Problems.invalidRequest(
                    "status",
                    "must be queued, running, succeeded, awaiting_review, failed or rejected"));
  }

  private String agentType(String agentType) {
    if (agentType == null) {
      return null;
    }
    if (!agents.types().contains(agentType)) {
      throw Problems.invalidRequest("agent_type", "must be one of " + agents.known());
    }
    return agentType;
  }
}

package tech.eclips.workforce.runs.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.bulkheads.boundary.Bulkheaded;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.documents.control.DocumentInputs;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyKey;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.Bodies;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.KeyId;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.runs.control.Accept;
import tech.eclips.workforce.runs.control.AcceptOutcome;
import tech.eclips.workforce.runs.control.AcceptReason;
import tech.eclips.workforce.runs.control.Acceptance;
import tech.eclips.workforce.runs.control.RunLauncher;
import tech.eclips.workforce.runs.control.RunRequest;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.tenancy.boundary.BindsTenantOnFirstUse;
import tech.eclips.workforce.tenancy.boundary.FirstUseBinding;

/** Reading agent runs: one by id, or a page of the newest first. Another org's run is 404. */
@Stateless
@PublicApi
@Path("v1/agents/runs")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.RUNS_READ)
public class RunsResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject RequestContext request;
  @Inject Agents agents;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject RunLauncher launcher;
  @Inject DocumentInputs documents;
  @Inject Meters meters;
  @Inject Acceptance acceptance;
  @Inject AcceptCoalescer coalescer;
  @Inject FirstUseBinding firstUse;

  /**
   * Accepts a run: in one transaction the idempotency claim, the breaker's admission (ring step 6),
   * the debit and its ledger row (step 7), the run and the audit entry (step 8); all or none. The
   * decision is the database's ({@link Acceptance}), taken in a batch of accepts that commit
   * together ({@link AcceptCoalescer}), or in this request's own transaction when there is no batch
   * or the reason needs it (a replay, a breaker that is not closed). The agent starts after commit;
   * the client polls the run.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresScope(Scope.RUNS_WRITE)
  @RequestBody(required = true, content = @Content(schema = @Schema(ref = "RunCreate")))
  @APIResponse(
      responseCode = "202",
      description = "accepted; the run executes asynchronously (poll it)",
      content = @Content(schema = @Schema(ref = "Run")),
      headers = {
        @Header(name = "Location", ref = "Location"),
        @Header(name = "Idempotent-Replayed", ref = "Idempotent-Replayed")
      })
  // a document_id also needs documents:read (RunRequest.FIELD_SCOPES)
  @APIResponse(responseCode = "403", ref = "RunCreateForbidden")
  @APIResponse(responseCode = "402", ref = "InsufficientCredits")
  // a document_id that is not a live document of the caller's org and mode; nothing is charged
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "CircuitOpen")
  @BindsTenantOnFirstUse
  @Bulkheaded(Kind.ACCEPTS)
  public Response create(
      JsonBody requestBody, @HeaderParam("Idempotency-Key") IdempotencyKey idempotencyHeader) {
    String body = JsonBody.textOf(requestBody);
    String idempotencyKey = IdempotencyKey.valueOf(idempotencyHeader);
    Idempotency.checkKey(idempotencyKey);
    Caller who = request.caller();
    RunRequest request =
        RunRequest.from(
            Bodies.limited(body),
            who,
            agents,
            (document, livemode, agentType, given) -> {
              // reading the org's document needs the transaction bound (RLS, EclipseLink tenant)
              firstUse.enter(who.org());
              return documents.forRun(document, livemode, agentType, given);
            });
    long price = agents.price(request.agent());
    AgentRun run =
        new AgentRun(
                UUID.randomUUID(),
                request.agent().type(),
                who.mode().livemode(),
                price,
                JsonText.of(request.input()))
            .requestedBy(new KeyId(who.keyId()), request.documentId());
    // the 202 body splices the input text stored below: the input is parsed once, by the request
    String json = RunJson.of(run);
    IdempotencyScope scope = IdempotencyScope.forMode(who.mode().livemode());
    Accept accept =
        acceptance.prepare(
            who.org(),
            run,
            Accept.Claim.of(scope, idempotencyKey, body, json),
            events.key(
                who,
                AuditAction.AGENT_RUN_CREATED,
                "agent_run",
                run.id(),
                AuditOutcome.ALLOWED,
                null));
    // a run from a document has bound this transaction already (it holds a connection): no batch
    Optional<AcceptOutcome> batched =
        request.documentId() == null
            ? coalescer
                .accept(accept, run.input().length())
                .filter(outcome -> !outcome.reason().needsRequestTransaction())
            : Optional.empty();
    // a refusal is thrown as its problem; acceptHere's outcome has met that check already
    AcceptOutcome outcome =
        batched
            .map(
                decided -> {
                  this.request.credits(decided.credits());
                  return decided.orThrow(price);
                })
            .orElseGet(() -> acceptHere(who, accept, run));
    if (outcome.reason() == AcceptReason.REPLAY) {
      return replayed(who, outcome);
    }
    meters.runAcceptPath(batched.isPresent() ? "batch" : "own_transaction");
    this.request.markAudited();
    meters.creditsDebited(price);
    meters.runAccepted(run.agentType());
    return accepted(run.id(), json).build();
  }

  /** In this request's own transaction, bound only now: it held no connection while it waited. */
  private AcceptOutcome acceptHere(Caller who, Accept accept, AgentRun run) {
    firstUse.enter(who.org());
    AcceptOutcome outcome = acceptance.decideHere(accept);
    if (outcome.reason() == AcceptReason.ACCEPTED) {
      launcher.afterCommit(who.org(), run.id(), run.input().length());
    }
    return outcome;
  }

  private Response replayed(Caller who, AcceptOutcome replay) {
    audit.record(
        who.org(),
        events.key(
            who,
            AuditAction.AGENT_RUN_CREATE_REPLAYED,
            "agent_run",
            replay.replayedRun(),
            AuditOutcome.ALLOWED,
            null));
    return accepted(replay.replayedRun(), replay.replayedBody())
        .header("Idempotent-Replayed", "true")
        .build();
  }

  private static Response.ResponseBuilder accepted(UUID run, String json) {
    return Response.accepted(json)
        .type(MediaType.APPLICATION_JSON)
        .location(URI.create("/v1/agents/runs/" + run));
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the run",
      content = @Content(schema = @Schema(ref = "Run")))
  public String get(@PathParam("id") String id) {
    return RunJson.of(
        find(id).orElseThrow(() -> Problems.notFound("agent run")), mayReadDocuments());
  }

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the caller's mode's runs, newest first",
      content = @Content(schema = @Schema(ref = "RunList")))
  public String list(
      @QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    AgentRun cursor =
        startingAfter == null
            ? null
            : find(startingAfter)
                .orElseThrow(
                    () -> Problems.invalidRequest("starting_after", "is not a run of yours"));
    boolean documents = mayReadDocuments();
    return page.toText(cursor, this::newestAfter, run -> RunJson.of(run, documents));
  }

  /** A run made from a document shows the document's content only to a key that may read it. */
  private boolean mayReadDocuments() {
    return request.caller().has(Scope.DOCUMENTS_READ);
  }

  /** The caller's mode's runs, newest first, after a cursor run (or from the newest). */
  private List<AgentRun> newestAfter(AgentRun cursor, int max) {
    TypedQuery<AgentRun> query =
        em.createQuery(
            "SELECT r FROM AgentRun r WHERE r.livemode = :live"
                + (cursor == null
                    ? ""
                    : " AND (r.createdAt < :at OR (r.createdAt = :at AND r.id < :id))")
                + " ORDER BY r.createdAt DESC, r.id DESC",
            AgentRun.class);
    if (cursor != null) {
      query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.id());
    }
    List<AgentRun> runs =
        query
            .setParameter("live", request.caller().mode().livemode())
            .setMaxResults(max)
            .getResultList();
    // rendered rows need not stay managed: a page reads at most a batch of large inputs at a time
    runs.forEach(em::detach);
    return runs;
  }

  /** The caller's run in the caller's mode: the other mode's runs are 404 like another org's. */
  private Optional<AgentRun> find(String id) {
    boolean live = request.caller().mode().livemode();
    return Ids.uuid(id)
        .map(uuid -> em.find(AgentRun.class, uuid))
        .filter(r -> r.livemode() == live);
  }
}

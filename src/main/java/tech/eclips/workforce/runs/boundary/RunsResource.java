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
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.bulkheads.boundary.Bulkheaded;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.documents.control.DocumentInputs;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyKey;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.json.Bodies;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonBody;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.Authenticated;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.control.Caller;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.plans.boundary.PlanGated;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.runs.control.AcceptCoalescer;
import tech.eclips.workforce.runs.control.OneTripAccept;
import tech.eclips.workforce.runs.control.RunLauncher;
import tech.eclips.workforce.runs.control.RunRequest;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.tenancy.boundary.BindsTenantOnFirstUse;
import tech.eclips.workforce.tenancy.boundary.FirstUseBinding;
import tech.eclips.workforce.tenancy.boundary.TenantBound;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/** Reading agent runs: one by id, or a page of the newest first. Another org's run is 404. */
@Stateless
@TenantBound
@Path("v1/agents/runs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@RequiresScope(Scope.RUNS_READ)
@RateLimited
@PlanGated
public class RunsResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject RequestContext request;
  @Inject Agents agents;
  @Inject Credits credits;
  @Inject Idempotency idempotency;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject RunLauncher launcher;
  @Inject CircuitBreakers breakers;
  @Inject DocumentInputs documents;
  @Inject Meters meters;
  @Inject OneTripAccept oneTrip;
  @Inject AcceptCoalescer coalescer;
  @Inject FirstUseBinding firstUse;

  /**
   * Accepts a run: in one transaction the idempotency claim, the breaker's admission (ring step 6),
   * the debit and its ledger row (step 7), the run and the audit entry (step 8); all or none. The
   * common case is one round trip ({@link OneTripAccept}) in a batch of accepts that commit
   * together ({@link AcceptCoalescer}), or in this request's transaction when there is no batch;
   * every other case (a replay, a conflict, too few credits, a new period, an open breaker) takes
   * the step-by-step path below, in this request's transaction. The agent starts after commit; the
   * client polls the run.
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
    IdempotencyScope scope = IdempotencyScope.forMode(who.mode().livemode());
    long price = agents.price(request.agent());
    UUID id = UUID.randomUUID();
    AgentRun run =
        new AgentRun(
                id,
                request.agent().type(),
                who.mode().livemode(),
                price,
                request.input().toString())
            .requestedBy(who.keyId(), request.documentId());
    // the 202 body splices the input text stored below: the input is parsed once, by the request
    String json = RunJson.of(run);
    AuditEvent created =
        events.key(who, "agent_run.created", "agent_run", id, AuditEvent.ALLOWED, null);
    OneTripAccept.Claim claim = new OneTripAccept.Claim(scope, idempotencyKey, body, json);
    String argument =
        oneTrip.argument(who.org(), run, idempotencyKey == null ? null : claim, created);
    // a run from a document has bound this transaction already (it holds a connection): no batch
    AcceptCoalescer.Outcome coalesced =
        request.documentId() == null
            ? coalescer.accept(who.org(), id, argument)
            : AcceptCoalescer.Outcome.NOT_COALESCED;
    if (coalesced != AcceptCoalescer.Outcome.ACCEPTED) {
      // this request's own transaction, bound only now: it held no connection while it waited
      firstUse.enter(who.org());
      if (coalesced == AcceptCoalescer.Outcome.DECLINED || !oneTrip.tryAccept(argument)) {
        return acceptStepwise(who, run, claim, created);
      }
      launcher.afterCommit(who.org(), id, run.input().length());
    }
    meters.runAcceptPath(
        coalesced == AcceptCoalescer.Outcome.ACCEPTED ? "batch" : "own_transaction");
    this.request.markAudited();
    meters.creditsDebited(price);
    meters.runAccepted(run.agentType());
    return accepted(id, json).build();
  }

  /**
   * Every case the one-round-trip accept leaves to the application, statement by statement in this
   * request's transaction: a replay or 409, the breaker's refusal or trial, 402 or the budget, the
   * first debit of a period.
   */
  private Response acceptStepwise(
      Caller who, AgentRun run, OneTripAccept.Claim claim, AuditEvent created) {
    Optional<Idempotency.Replay> replay =
        idempotency.claim(claim.scope(), claim.key(), "POST", "/v1/agents/runs", claim.body());
    if (replay.isPresent()) {
      return replayed(who, replay.get());
    }
    breakers.admit(run.agentType(), run.livemode(), run.id());
    credits.debit(run.creditsCharged(), run.id());
    insert(run);
    audit.record(who.org(), created);
    idempotency.remember(claim.scope(), claim.key(), 202, claim.responseBody(), run.id());
    launcher.afterCommit(who.org(), run.id(), run.input().length());
    meters.runAcceptPath("stepwise");
    meters.runAccepted(run.agentType());
    return accepted(run.id(), claim.responseBody()).build();
  }

  private Response replayed(Caller who, Idempotency.Replay replay) {
    audit.record(
        who.org(),
        events.key(
            who,
            "agent_run.create_replayed",
            "agent_run",
            replay.resourceId(),
            AuditEvent.ALLOWED,
            null));
    return accepted(replay.resourceId(), replay.body())
        .header("Idempotent-Replayed", "true")
        .build();
  }

  /** One statement, no managed entity: the accepted run is never read back in this transaction. */
  private void insert(AgentRun run) {
    em.createNativeQuery(
            "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, credits_charged, input,"
                + " document_id, api_key_id, created_at) VALUES (?9, ?1, ?2, 'queued', ?3, ?4,"
                + " CAST(?5 AS jsonb), ?6, ?7, ?8)")
        .setParameter(1, run.id())
        .setParameter(2, run.agentType())
        .setParameter(3, run.livemode())
        .setParameter(4, run.creditsCharged())
        .setParameter(5, run.input())
        .setParameter(6, run.documentId())
        .setParameter(7, run.apiKeyId())
        .setParameter(8, java.sql.Timestamp.from(run.createdAt().toInstant()))
        .setParameter(9, boundOrg.id())
        .executeUpdate();
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

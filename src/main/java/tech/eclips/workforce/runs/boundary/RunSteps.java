package tech.eclips.workforce.runs.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.agents.control.AgentContext;
import tech.eclips.workforce.agents.control.AgentResult;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.credits.control.Credits;
import tech.eclips.workforce.documents.control.DocumentReference;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.control.EventObjects;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.JsonText;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.runs.control.InvoiceHolders;
import tech.eclips.workforce.runs.control.RunRequest;
import tech.eclips.workforce.runs.entity.RunId;
import tech.eclips.workforce.runs.entity.RunStatus;
import tech.eclips.workforce.settings.control.OrgSettings;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.triage.control.TriageQueue;
import tech.eclips.workforce.trust.control.TrustGate;
import tech.eclips.workforce.trust.control.TrustProfiles;
import tech.eclips.workforce.trust.entity.TrustLevel;

/** The transactions of a run's execution, each bound to the run's org. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RunSteps {

  /**
   * An earlier, not failed invoice run of org ?4 with the same vendor and number (?1, ?2) than run
   * ?3. On plain generated columns (V15): under row-level security an index condition on {@code
   * input ->> …} is not allowed, so the check would read every invoice run of the org. Public for
   * {@code InvoiceCheckPlanIT}, which reads its plan.
   */
  public static final String INVOICE_SEEN_BEFORE =
      "SELECT 1 FROM agent_runs o WHERE o.org_id = ?4"
          + invoiceHolders(
              "?1", "?2", "?3", "(SELECT created_at FROM agent_runs WHERE org_id = ?4 AND id = ?3)")
          + " LIMIT 1";

  /**
   * An org's waiting runs of a batch ({@code ?1}: their ids as a JSON array, {@code ?2}: the org),
   * locked, with their trust level, whether their breaker has anything a success must change, and
   * for an invoice the earlier runs that hold its vendor and number and have not failed ({@link
   * InvoiceHolders}, comma-separated).
   */
  public static final String TAKE_WAITING =
      "SELECT id, agent_type, livemode, credits_charged, input::text,"
          + " (SELECT t.level FROM agent_trust_profiles t WHERE t.org_id = ?2"
          + " AND t.livemode = r.livemode AND t.agent_type = r.agent_type),"
          + " EXISTS (SELECT 1 FROM agent_circuit_breakers b WHERE b.org_id = ?2"
          + " AND b.livemode = r.livemode AND b.agent_type = r.agent_type AND (b.state <> 'closed' OR b.consecutive_failures > 0)),"
          + " r.invoice_vendor, r.invoice_number,"
          + " CASE WHEN r.invoice_vendor IS NOT NULL AND r.invoice_number IS NOT NULL THEN"
          + " array_to_string(ARRAY(SELECT o.id FROM agent_runs o WHERE o.org_id = ?2"
          + invoiceHolders("r.invoice_vendor", "r.invoice_number", "r.id", "r.created_at")
          + " LIMIT "
          + InvoiceHolders.LIMIT
          + "), ',') END"
          + " FROM agent_runs r WHERE r.org_id = ?2 AND status IN ('queued', 'running')"
          + " AND id IN (SELECT CAST(jsonb_array_elements_text(CAST(?1 AS jsonb)) AS uuid))"
          + " FOR UPDATE OF r";

  /**
   * The duplicate-invoice rule, once for both statements above (each names the org itself, so that
   * every statement's text shows its org condition): the runs {@code o} that hold the vendor and
   * number of the run, created no later and not failed. Each argument is SQL text: a parameter or a
   * column of the run's row.
   */
  private static String invoiceHolders(String vendor, String number, String run, String createdAt) {
    return " AND o.agent_type = 'invoice_processor' AND o.invoice_vendor = "
        + vendor
        + " AND o.invoice_number = "
        + number
        + " AND o.id <> "
        + run
        + " AND o.status <> 'failed' AND o.created_at <= "
        + createdAt;
  }

  private static final Logger LOG = Logger.getLogger(RunSteps.class.getName());

  /** The failures a breaker counts: the agent's own and ours, both refunded. */
  private static final Set<String> BREAKER_FAILURES = Set.of("agent_failure", "platform_error");

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject TenantContext tenant;
  @Inject Agents agents;
  @Inject Credits credits;
  @Inject AuditWriter audit;
  @Inject CircuitBreakers breakers;
  @Inject TrustProfiles trust;
  @Inject OrgSettings settings;
  @Inject TriageQueue triageQueue;
  @Inject Meters meters;
  @Inject EventLog eventLog;

  /**
   * queued (or running, after a restart) → running. False if the run is gone or already finished.
   */
  public boolean start(OrgId org, UUID run) {
    tenant.enter(org);
    return em.createNativeQuery(
                "UPDATE agent_runs SET status = 'running', started_at = now()"
                    + " WHERE org_id = ?2 AND id = ?1 AND status IN ('queued', 'running')")
            .setParameter(1, run)
            .setParameter(2, org.value())
            .executeUpdate()
        == 1;
  }

  /**
   * The columns execution needs of a run it holds locked, and what the batch path read with it: the
   * agent's trust level (null: no profile yet), whether its breaker has anything a success must
   * change (a failure count, or a trial) and, for an invoice, its duplicate check's holders (null:
   * not read).
   */
  private record LockedRun(
      UUID id,
      String agentType,
      boolean livemode,
      long creditsCharged,
      String input,
      TrustLevel level,
      boolean breakerPending,
      InvoiceHolders invoiceHolders) {

    LockedRun(UUID id, String agentType, boolean livemode, long creditsCharged, String input) {
      this(id, agentType, livemode, creditsCharged, input, null, true, null);
    }
  }

  /**
   * Executes a batch of runs of several orgs in one transaction: per org one statement locks its
   * waiting runs and reads them with their trust level and breaker, then each run's work and
   * outcome. A fast agent's run thus goes from {@code queued} to its outcome in one commit and one
   * row update (no {@code running} version that nobody could see); a batch that fails rolls back
   * whole (its runs are still waiting) and the caller executes them one by one.
   */
  public void executeBatch(Map<OrgId, List<UUID>> runs) {
    // every batch takes the orgs' rows and chain locks in one order, as the accept writers do: two
    // batches of the same orgs (two workers, fair round-robin) then wait for each other, never in a
    // circle
    runs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(OrgId::value)))
        .forEach(
            entry -> {
              tenant.rebindForSql(entry.getKey());
              Outcomes outcomes = new Outcomes();
              takeWaiting(entry.getValue())
                  .forEach(run -> completeLocked(entry.getKey(), run, outcomes));
              write(outcomes);
            });
  }

  /**
   * What an org's executed runs end in, written together once its runs of the batch are done: one
   * UPDATE for their outcomes and one INSERT for their events, instead of two round trips per run.
   * A failure, a breaker's change and a triage item are still written as they happen (rare, and the
   * duplicate-invoice check of a later run in the batch must see a failed run as failed).
   */
  private static final class Outcomes {
    private final StringBuilder finished = new StringBuilder(256).append('[');
    private final List<EventLog.Pending> events = new ArrayList<>();
    private final Set<UUID> failed = new HashSet<>();
    private int count;

    void finished(UUID run, RunStatus status, JsonObject output, UUID triage) {
      finished.append(count == 0 ? "{" : ",{");
      JsonText.field(finished, "id", run.toString()).append(',');
      JsonText.field(finished, "status", status.code()).append(',');
      JsonText.field(finished, "output", output);
      if (triage != null) {
        JsonText.field(finished.append(','), "triage", triage.toString());
      }
      finished.append('}');
      count++;
    }

    void event(EventType type, boolean livemode, JsonObject object) {
      events.add(new EventLog.Pending(type, livemode, object));
    }
  }

  private void write(Outcomes outcomes) {
    if (outcomes.count > 0) {
      em.createNativeQuery(
              "UPDATE agent_runs r SET status = o.status, output = o.output, error = NULL,"
                  + " triage_item_id = o.triage, started_at = coalesce(r.started_at, now()),"
                  + " completed_at = clock_timestamp()"
                  + " FROM jsonb_to_recordset(CAST(?1 AS jsonb))"
                  + " AS o(id uuid, status text, output jsonb, triage uuid)"
                  + " WHERE r.org_id = ?2 AND r.id = o.id")
          .setParameter(1, outcomes.finished.append(']').toString())
          .setParameter(2, boundOrg.id())
          .executeUpdate();
    }
    eventLog.emitAll(outcomes.events);
  }

  private List<LockedRun> takeWaiting(List<UUID> ids) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(TAKE_WAITING)
            .setParameter(1, jsonArray(ids))
            .setParameter(2, boundOrg.id())
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new LockedRun(
                    UUID.fromString(r[0].toString()),
                    (String) r[1],
                    (Boolean) r[2],
                    ((Number) r[3]).longValue(),
                    (String) r[4],
                    r[5] == null ? null : TrustLevel.fromCode((String) r[5]).orElse(null),
                    (Boolean) r[6],
                    InvoiceHolders.of(
                        UUID.fromString(r[0].toString()),
                        (String) r[7],
                        (String) r[8],
                        (String) r[9])))
        .toList();
  }

  /**
   * The agent's work and its outcome, under a lock on the run so a duplicate execution waits and
   * skips. Plain SQL: one locking read and one update, no managed entity to track.
   */
  public void complete(OrgId org, UUID runId) {
    tenant.enter(org);
    Outcomes outcomes = new Outcomes();
    lockRunning(runId).ifPresent(run -> completeLocked(org, run, outcomes));
    write(outcomes);
  }

  private void completeLocked(OrgId org, LockedRun run, Outcomes outcomes) {
    UUID runId = run.id();
    JsonObject input = parse(run.input());
    if (DocumentReference.deleted(input)) {
      // its document was deleted while it waited: the delete took the text (docs/security.md,
      // "Scopes across resources")
      failRun(
          outcomes,
          org,
          run,
          "document_deleted",
          "The run's document was deleted before the run executed; its credits were refunded.");
      return;
    }
    if (agents.of(run.agentType()).map(agent -> !agent.validate(input).isEmpty()).orElse(true)) {
      // stored input the agent does not take (accepted input always is; a row written around the
      // API is not): the run fails as such, and the agent never sees it
      failRun(
          outcomes,
          org,
          run,
          "invalid_input",
          "The run's stored input is not what its agent takes; its credits were refunded.");
      return;
    }
    if (!run.livemode()
        && RunRequest.AGENT_FAILURE.equals(input.getString(RunRequest.SIMULATE, null))) {
      failRun(
          outcomes,
          org,
          run,
          "agent_failure",
          "The agent failed (simulated); the credits were refunded.");
      return;
    }
    AgentResult result;
    try {
      result = agents.of(run.agentType()).orElseThrow().run(input, context(run, outcomes));
    } catch (RuntimeException agentBug) {
      LOG.log(
          Level.SEVERE,
          "agent " + run.agentType() + " failed on run " + runId,
          RedactedFailure.of(agentBug));
      failRun(
          outcomes,
          org,
          run,
          "platform_error",
          "The run failed on our side; its credits were refunded.");
      return;
    }
    if (run.breakerPending() && breakers.succeeded(run.agentType(), run.livemode(), runId)) {
      audit.append(
          org,
          List.of(
              systemEvent(
                  AuditAction.CIRCUIT_BREAKER_CLOSED, "circuit_breaker", breakerId(run), null)));
      eventLog.emit(
          EventType.CIRCUIT_BREAKER_CLOSED,
          run.livemode(),
          EventObjects.breaker(run.agentType(), run.livemode(), "closed"));
    }
    List<String> reasons = gate(run, result);
    UUID triage =
        reasons.isEmpty()
            ? null
            : triageQueue.open(runId, run.agentType(), run.livemode(), reasons);
    RunStatus status = triage == null ? RunStatus.SUCCEEDED : RunStatus.AWAITING_REVIEW;
    outcomes.finished(runId, status, result.output(), triage);
    meters.runFinished(run.agentType(), status.code());
    if (triage != null) {
      outcomes.event(
          EventType.TRIAGE_ITEM_CREATED,
          run.livemode(),
          EventObjects.triageItemOpened(triage, runId, run.agentType(), run.livemode(), reasons));
    }
    outcomes.event(
        triage == null ? EventType.AGENT_RUN_SUCCEEDED : EventType.AGENT_RUN_AWAITING_REVIEW,
        run.livemode(),
        EventObjects.run(
            runId,
            run.agentType(),
            status.code(),
            run.livemode(),
            run.creditsCharged(),
            triage,
            null));
  }

  /** Ring step 6 on the result: the reasons it goes to review, or none. */
  private List<String> gate(LockedRun run, AgentResult result) {
    TrustLevel level =
        run.level() != null ? run.level() : trust.levelOnFirstUse(run.agentType(), run.livemode());
    BigDecimal limit =
        level == TrustLevel.GUARDED
            ? settings.invoiceAutoApproveLimit()
            : OrgSettings.DEFAULT_AUTO_APPROVE_LIMIT;
    return TrustGate.reasons(level, result.output(), limit);
  }

  public void fail(OrgId org, UUID runId, String code, String message) {
    tenant.enter(org);
    lockRunning(runId).ifPresent(run -> failRun(org, run, code, message));
  }

  private Optional<LockedRun> lockRunning(UUID runId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT agent_type, livemode, credits_charged, input::text FROM agent_runs"
                    + " WHERE org_id = ?2 AND id = ?1 AND status = 'running' FOR UPDATE")
            .setParameter(1, runId)
            .setParameter(2, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            r ->
                new LockedRun(
                    runId,
                    (String) r[0],
                    (Boolean) r[1],
                    ((Number) r[2]).longValue(),
                    (String) r[3]));
  }

  private void finish(RunId run, RunStatus status, String output, String error, UUID triage) {
    em.createNativeQuery(
            "UPDATE agent_runs SET status = ?1, output = CAST(?2 AS jsonb), error = CAST(?3 AS jsonb),"
                + " triage_item_id = ?4, started_at = coalesce(started_at, now()),"
                + " completed_at = clock_timestamp() WHERE org_id = ?6 AND id = ?5")
        .setParameter(1, status.code())
        .setParameter(2, output)
        .setParameter(3, error)
        .setParameter(4, triage)
        .setParameter(5, run.value())
        .setParameter(6, boundOrg.id())
        .executeUpdate();
  }

  /** {@link #failRun} in an execution batch: later runs' duplicate checks see it failed. */
  private void failRun(Outcomes outcomes, OrgId org, LockedRun run, String code, String message) {
    failRun(org, run, code, message);
    outcomes.failed.add(run.id());
  }

  /**
   * Failed through an agent or platform error: refunded in the same transaction as the status
   * change.
   */
  private void failRun(OrgId org, LockedRun run, String code, String message) {
    finish(
        new RunId(run.id()),
        RunStatus.FAILED,
        null,
        JsonSupport.object().add("code", code).add("message", message).build().toString(),
        null);
    meters.runFinished(run.agentType(), RunStatus.FAILED.code());
    if (wasCharged(run.id())) {
      credits.refund(run.creditsCharged(), run.id());
    }
    List<AuditEvent> events = new ArrayList<>();
    events.add(systemEvent(AuditAction.AGENT_RUN_FAILED, "agent_run", run.id().toString(), code));
    eventLog.emit(
        EventType.AGENT_RUN_FAILED,
        run.livemode(),
        EventObjects.run(
            run.id(),
            run.agentType(),
            RunStatus.FAILED.code(),
            run.livemode(),
            run.creditsCharged(),
            null,
            code));
    if (BREAKER_FAILURES.contains(code)
        && breakers.failed(run.agentType(), run.livemode(), run.id())) {
      events.add(
          systemEvent(AuditAction.CIRCUIT_BREAKER_OPENED, "circuit_breaker", breakerId(run), code));
      eventLog.emit(
          EventType.CIRCUIT_BREAKER_OPENED,
          run.livemode(),
          EventObjects.breaker(run.agentType(), run.livemode(), "open"));
    }
    audit.append(org, events);
  }

  /** The breaker's audit resource id: its agent type, with ":test" for the test-mode breaker. */
  private static String breakerId(LockedRun run) {
    return run.agentType() + (run.livemode() ? "" : ":test");
  }

  private static AuditEvent systemEvent(
      AuditAction action, String resourceType, String resourceId, String code) {
    return new AuditEvent(
        ActorType.SYSTEM,
        "run-executor",
        null,
        action.code(),
        resourceType,
        resourceId,
        AuditOutcome.ALLOWED,
        code,
        null,
        null,
        null,
        1);
  }

  /** Whether the run was charged (a run accepted for free has nothing to refund). */
  private boolean wasCharged(UUID run) {
    return !em.createNativeQuery(
            "SELECT 1 FROM credit_ledger WHERE org_id = ?2"
                + " AND run_id = ?1 AND entry_type = 'debit'")
        .setParameter(1, run)
        .setParameter(2, boundOrg.id())
        .getResultList()
        .isEmpty();
  }

  /**
   * The agent's view of the run: its duplicate-invoice check answered from what the batch read with
   * the run when it can ({@link InvoiceHolders}), by the database otherwise.
   */
  private AgentContext context(LockedRun run, Outcomes outcomes) {
    return new AgentContext() {
      @Override
      public boolean invoiceSeenBefore(String vendor, String invoiceNumber, UUID exceptRun) {
        return Optional.ofNullable(run.invoiceHolders())
            .flatMap(h -> h.seenBefore(vendor, invoiceNumber, exceptRun, outcomes.failed))
            .orElseGet(
                () ->
                    !em.createNativeQuery(INVOICE_SEEN_BEFORE)
                        .setParameter(1, vendor)
                        .setParameter(2, invoiceNumber)
                        .setParameter(3, exceptRun)
                        .setParameter(4, boundOrg.id())
                        .getResultList()
                        .isEmpty());
      }

      @Override
      public UUID runId() {
        return run.id();
      }
    };
  }

  private static String jsonArray(List<UUID> ids) {
    return ids.stream()
        .map(id -> "\"" + id + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }

  private static JsonObject parse(String json) {
    try (var reader = JsonSupport.reader(json)) {
      return reader.readObject();
    }
  }
}

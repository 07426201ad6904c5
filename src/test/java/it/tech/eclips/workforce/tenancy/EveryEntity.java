package it.tech.eclips.workforce.tenancy;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.breakers.entity.CircuitBreaker;
import tech.eclips.workforce.credits.entity.LedgerEntry;
import tech.eclips.workforce.credits.entity.UsagePeriod;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.idempotency.entity.IdempotencyRecord;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.triage.entity.TriageItem;
import tech.eclips.workforce.trust.entity.TrustProfile;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * A new instance of every writable tenant entity, by id. The isolation test checks this map against
 * the persistence unit's metamodel, so a new entity cannot escape the cache test unnoticed.
 * Read-only entities (written by SQL only) are listed in {@link #READ_ONLY}.
 */
final class EveryEntity {

  static final Map<Class<?>, Function<UUID, Object>> WRITABLE =
      Map.of(
          ApiKey.class,
              id ->
                  new ApiKey(
                      id,
                      "k",
                      KeyMode.TEST,
                      new byte[32],
                      "eck_test_…abcd",
                      Set.of(Scope.RUNS_READ)),
          AgentRun.class,
              id -> new AgentRun(id, "document_classifier", false, 2, "{\"text\":\"x\"}"),
          TrustProfile.class, id -> new TrustProfile(id, "document_classifier", true),
          CircuitBreaker.class, id -> new CircuitBreaker(id, "document_classifier", true),
          Document.class, id -> new Document(id, "a.txt", "text/plain", false, 1, new byte[32]),
          IdempotencyRecord.class,
              id ->
                  new IdempotencyRecord(
                      id, "k-" + id, new byte[32], OffsetDateTime.now().plusDays(1)),
          WebhookEndpoint.class,
              id ->
                  new WebhookEndpoint(
                          id,
                          false,
                          "https://hooks.example.com/e",
                          null,
                          Set.of(EventType.AGENT_RUN_SUCCEEDED))
                      .sealedSecret(new byte[45]));

  /** Entities mapped read-only, with the table the isolation test seeds them in by SQL. */
  static final Map<Class<?>, String> READ_ONLY =
      Map.of(
          Organization.class, "organizations",
          LedgerEntry.class, "credit_ledger",
          UsagePeriod.class, "credit_usage_periods",
          AuditEntry.class, "audit_log",
          tech.eclips.workforce.events.entity.Event.class, "events",
          tech.eclips.workforce.webhooks.entity.WebhookDelivery.class, "webhook_deliveries");

  /** Triage items need a run of their own org; built by the test once the run exists. */
  static final Class<?> NEEDS_RUN = TriageItem.class;

  private EveryEntity() {}
}

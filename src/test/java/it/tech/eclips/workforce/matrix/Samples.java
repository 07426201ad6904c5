package it.tech.eclips.workforce.matrix;

import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.matrix.ResourceModel.Operation;
import java.util.Map;

/**
 * A well-formed request for each operation, so that a refusal comes from the guard under test and
 * not from a bad body. An operation missing here still gets {@code {}} (it is exercised, only less
 * deeply).
 */
public final class Samples {

  /** What goes after the path, the body, and its Content-Type ({@code null}: no body). */
  public record Sample(String query, String body, String contentType) {}

  /** A real agent type: {agent_type} must only ever touch the caller's own org. */
  public static final String AGENT_TYPE = "invoice_processor";

  private Samples() {}

  /**
   * {@code ids}: collection ("runs", "documents", ...) to an id the request may name in its body (a
   * run's document_id must be the caller's own document).
   */
  public static Sample of(Operation operation, Map<String, String> ids) {
    return switch (operation.toString()) {
      case "POST /v1/agents/runs" -> json(runWithDocument(ids.get("documents")));
      case "POST /v1/documents" -> new Sample("?name=probe.txt", "probe", "text/plain");
      case "POST /v1/triage-items/{id}/resolve", "POST /console/v1/triage-items/{id}/resolve" ->
          json("{\"decision\":\"approve\",\"note\":\"probe\"}");
      case "POST /console/v1/api-keys" ->
          json("{\"name\":\"probe\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}");
      case "PATCH /console/v1/api-keys/{id}" -> json("{\"name\":\"probe renamed\"}");
      case "GET /console/v1/api-keys/{id}/usage" -> new Sample("?hours=24", null, null);
      case "POST /console/v1/webhook-endpoints" -> of("POST /console/v1/webhook-endpoints");
      case "PATCH /console/v1/webhook-endpoints/{id}" ->
          json("{\"description\":\"probe renamed\",\"event_types\":[\"triage_item.created\"]}");
      case "POST /console/v1/webhook-endpoints/{id}/rotate-secret" ->
          json("{\"overlap_seconds\":3600}");
      // harmless to the org that runs them: the matrices go on using its keys (live ones)
      case "PUT /console/v1/key-containment" -> json("{\"leak_action\":\"quarantine\"}");
      case "PUT /console/v1/key-containment/api-keys/{id}" ->
          json("{\"allowed_ips\":[\"0.0.0.0/0\",\"::/0\"]}");
      case "POST /console/v1/key-containment/revocations" -> json("{\"mode\":\"test\"}");
      case "POST /console/v1/webhook-endpoints/{id}/redeliveries" ->
          json("{\"event_id\":\"" + eventId(ids.get("events")) + "\"}");
      case "PUT /console/v1/settings" -> json("{\"invoice_auto_approve_limit\":2500}");
      case "PUT /console/v1/credits/budget" -> json("{\"limit\":900000}");
      case "PUT /console/v1/agents/trust-profiles/{agent_type}/pin" ->
          json("{\"level\":\"guarded\"}");
      case "POST /platform/v1/orgs" -> json("{\"name\":\"probe\",\"plan\":\"team\"}");
      case "PATCH /platform/v1/orgs/{id}" -> json("{\"plan\":\"starter\"}");
      case "POST /platform/v1/orgs/{id}/credit-grants" ->
          json("{\"amount\":10,\"reason\":\"probe\"}");
      default -> operation.takesBody() ? json("{}") : new Sample("", null, null);
    };
  }

  /** The sample of an operation that needs no ids, by its {@code "VERB /path"}. */
  public static Sample of(String operation) {
    return switch (operation) {
      case "POST /console/v1/webhook-endpoints" ->
          json(
              "{\"url\":\"https://hooks.example.com/probe\",\"mode\":\"test\","
                  + "\"event_types\":[\"agent_run.succeeded\",\"agent_run.failed\"]}");
      default -> throw new IllegalArgumentException(operation);
    };
  }

  /** True when the sample names one of {@code ids} in its body (a cross-reference to refuse). */
  public static boolean namesAnId(Sample sample, Map<String, String> ids) {
    return sample.body() != null && ids.values().stream().anyMatch(sample.body()::contains);
  }

  /** An {@code evt_} id: the one named, or the form of a random uuid the matrix made up. */
  private static String eventId(String id) {
    if (id == null) {
      return "evt_00000000000000000000000000000000";
    }
    return id.startsWith("evt_") ? id : "evt_" + id.replace("-", "");
  }

  private static Sample json(String body) {
    return new Sample("", body, "application/json");
  }

  private static String runWithDocument(String documentId) {
    String run = Api.invoice("INV-PROBE");
    return documentId == null
        ? run
        : run.substring(0, run.length() - 1) + ",\"document_id\":\"" + documentId + "\"}";
  }
}

package tech.eclips.workforce.runs.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.agents.control.Agent;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.documents.control.DocumentInputs;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.FieldError;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.Caller;

/**
 * A valid {@code POST /v1/agents/runs} body: {@code {agent_type, input?, document_id?}}. The input
 * comes from the body or from one of the org's documents (JSON for invoices, text for the
 * classifier); a {@code document_id} must name a live document of the key's org and mode (404).
 * {@code input.simulate = "agent_failure"} is allowed for test-mode keys only.
 *
 * <p>Naming another resource reads it: such a field needs that resource's read scope besides the
 * operation's own ({@link #FIELD_SCOPES}), checked before anything is looked up or charged, so a
 * key cannot read through a run what it may not read directly.
 */
public record RunRequest(Agent agent, JsonObject input, UUID documentId) {

  static final Set<String> FIELDS = Set.of("agent_type", "input", "document_id");
  public static final String SIMULATE = "simulate";
  public static final String AGENT_FAILURE = "agent_failure";

  /** Fields that name another resource, and the scope reading it takes (CONTRACT §5's 403). */
  public static final Map<String, Scope> FIELD_SCOPES = Map.of("document_id", Scope.DOCUMENTS_READ);

  /** Where a run's input comes from when the request names a document ({@link DocumentInputs}). */
  @FunctionalInterface
  public interface DocumentSource {
    JsonObject forRun(
        String documentId, boolean livemode, String agentType, Optional<JsonObject> given);
  }

  public static RunRequest from(String body, Caller who, Agents agents, DocumentSource documents) {
    JsonRequest json = JsonRequest.parse(body, FIELDS);
    FIELD_SCOPES.forEach(
        (field, scope) -> {
          if (json.has(field) && json.value(field) != JsonValue.NULL && !who.has(scope)) {
            throw Problems.insufficientScope(scope.code());
          }
        });
    KeyMode mode = who.mode();
    Optional<Agent> agent =
        json.requiredString("agent_type", 64)
            .flatMap(
                t ->
                    agents
                        .of(t)
                        .or(() -> json.error("agent_type", "must be one of " + agents.known())));
    Optional<UUID> documentId =
        json.optionalString("document_id", 64)
            .flatMap(
                id -> Ids.uuid(id).or(() -> json.error("document_id", "is not a document id")));
    Optional<JsonObject> input = json.optionalObject("input");
    if (input.isEmpty() && documentId.isEmpty()) {
      json.error("input", "is required unless document_id is given");
    }
    json.done();
    JsonObject effective =
        documentId.isEmpty()
            ? input.get()
            : documents.forRun(
                documentId.get().toString(), mode.livemode(), agent.get().type(), input);
    List<FieldError> errors = new ArrayList<>(agent.get().validate(effective));
    simulation(effective, mode).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw Problems.invalidRequest(errors);
    }
    return new RunRequest(agent.get(), effective, documentId.orElse(null));
  }

  private static Optional<FieldError> simulation(JsonObject input, KeyMode mode) {
    JsonValue simulate = input.get(SIMULATE);
    if (simulate == null) {
      return Optional.empty();
    }
    if (mode.livemode()) {
      return Optional.of(
          new FieldError("input.simulate", "is only accepted with test-mode (eck_test_) keys"));
    }
    boolean known = simulate instanceof JsonString s && AGENT_FAILURE.equals(s.getString());
    return known
        ? Optional.empty()
        : Optional.of(new FieldError("input.simulate", "must be \"agent_failure\""));
  }

  public boolean simulatesAgentFailure() {
    return input.get(SIMULATE) instanceof JsonString s && AGENT_FAILURE.equals(s.getString());
  }
}

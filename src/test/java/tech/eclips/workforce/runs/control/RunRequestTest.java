package tech.eclips.workforce.runs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.agents.control.Agent;
import tech.eclips.workforce.agents.control.Agents;
import tech.eclips.workforce.agents.control.DocumentClassifier;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** Naming a document in a run reads it: without documents:read nothing is looked up. */
class RunRequestTest {

  private static final Agents AGENTS =
      new Agents() {
        @Override
        public Optional<Agent> of(String type) {
          return Optional.<Agent>of(new DocumentClassifier()).filter(a -> a.type().equals(type));
        }
      };

  private final AtomicInteger reads = new AtomicInteger();
  private final RunRequest.DocumentSource documents =
      (id, livemode, agentType, given) -> {
        reads.incrementAndGet();
        return JsonSupport.object().add("text", "the document's text").build();
      };

  @Test
  void aDocumentIdWithoutDocumentsReadIs403BeforeTheDocumentIsRead() {
    for (String id : new String[] {UUID.randomUUID().toString(), "not-an-id", ""}) {
      ApiProblem refused =
          assertThrows(
              ApiProblem.class,
              () -> RunRequest.from(classify("\"" + id + "\""), caller(), AGENTS, documents));
      assertEquals(403, refused.status());
      assertEquals("insufficient_scope", refused.code());
      assertTrue(
          refused.headers().get("WWW-Authenticate").contains("scope=\"documents:read\""),
          refused.headers()::toString);
    }
    assertEquals(0, reads.get());
  }

  @Test
  void withDocumentsReadTheDocumentIsTheInput() {
    RunRequest request =
        RunRequest.from(
            classify("\"" + UUID.randomUUID() + "\""),
            caller(Scope.DOCUMENTS_READ),
            AGENTS,
            documents);
    assertEquals(1, reads.get());
    assertEquals("the document's text", request.input().getString("text"));
  }

  @Test
  void aRunOnItsOwnInputNeedsNoOtherScope() {
    JsonObject input =
        RunRequest.from(
                "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"a memo\"},"
                    + "\"document_id\":null}",
                caller(),
                AGENTS,
                documents)
            .input();
    assertEquals("a memo", input.getString("text"));
    assertEquals(0, reads.get());
  }

  private static String classify(String documentId) {
    return "{\"agent_type\":\"document_classifier\",\"document_id\":" + documentId + "}";
  }

  private static Caller caller(Scope... more) {
    Set<Scope> scopes = EnumSet.of(Scope.RUNS_WRITE, Scope.RUNS_READ);
    scopes.addAll(Set.of(more));
    return new Caller(
        new OrgId(UUID.randomUUID()),
        UUID.randomUUID(),
        "k",
        "eck_test_…k",
        KeyMode.TEST,
        scopes,
        null,
        null,
        null,
        Plan.fromCode("enterprise").orElseThrow());
  }
}

package it.tech.eclips.workforce.hardening;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CONTRACT §11, issue 19: a run's input taken from a document obeys the JSON bounds of a body (1
 * MiB, 32 levels, the node count), checked before a tree is built; a number PostgreSQL cannot store
 * is a 400, not a 500. Each refusal charges nothing, and the server stays up.
 */
@ExtendWith(Deployments.class)
class PoisonDocumentIT {

  private static final int MIB = 1 << 20;
  private static final String RUNS = "/v1/agents/runs";

  private static String key;

  @BeforeAll
  static void org() {
    String org = Api.newOrg("enterprise");
    key =
        Api.newKey(
            org,
            "test",
            "documents:read",
            "documents:write",
            "runs:read",
            "runs:write",
            "credits:read");
  }

  /** The reproduction of issue 19: 3.4 M empty objects, just under the 10 MiB upload limit. */
  @Test
  void fourConcurrentRunsOnATenMegabytePoisonDocumentAre400AndTheServerStaysUp() {
    int objects = (10 * MIB - 16) / 3;
    StringBuilder poison = new StringBuilder(10 * MIB).append("{\"pad\":[");
    for (int i = 0; i < objects; i++) {
      poison.append(i == 0 ? "{}" : ",{}");
    }
    String document = upload(poison.append("]}").toString());
    long before = balance();
    List<CompletableFuture<Reply>> accepts =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> post(RUNS, fromDocument(document), bearer(key))))
            .toList();
    for (CompletableFuture<Reply> accept : accepts) {
      assertRefusedOnDocument(accept.join(), "1048576 bytes");
    }
    assertEquals(before, balance());
    Reply normal = post(RUNS, Api.invoice("INV-" + UUID.randomUUID()), bearer(key));
    assertEquals(202, normal.status(), normal::toString);
    get("/v1/me", bearer(key)).expect(200);
  }

  @Test
  void aDocumentNestedFortyLevelsDeepIs400() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    String document = upload(deep);
    long before = balance();
    assertRefusedOnDocument(post(RUNS, fromDocument(document), bearer(key)), "32 levels");
    assertEquals(before, balance());
  }

  @Test
  void aDocumentOfTwoHundredThousandTinyValuesUnderOneMebibyteIs400() {
    StringBuilder many = new StringBuilder("{\"pad\":[");
    for (int i = 0; i < 200_000; i++) {
      many.append(i == 0 ? "0" : ",0");
    }
    String text = many.append("]}").toString();
    assertTrue(text.length() < MIB);
    String document = upload(text);
    long before = balance();
    assertRefusedOnDocument(post(RUNS, fromDocument(document), bearer(key)), "values");
    assertEquals(before, balance());
  }

  @Test
  void aNumberPostgresqlCannotHoldIs400NamingItsField() {
    long before = balance();
    for (String number : List.of("1e200000", "1e-20000")) {
      Reply refused =
          post(
              RUNS,
              "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"pad\":[1,"
                  + number
                  + "]}}",
              bearer(key));
      assertEquals(400, refused.status(), refused::toString);
      assertEquals("invalid_request", refused.code());
      JsonObject error = refused.json().getJsonArray("errors").getJsonObject(0);
      assertEquals("input.pad[1]", error.getString("field"), refused::toString);
    }
    assertEquals(before, balance());
    Reply normal = post(RUNS, Api.invoice("INV-" + UUID.randomUUID()), bearer(key));
    assertEquals(202, normal.status(), normal::toString);
  }

  @Test
  void aDocumentWithANumberPostgresqlCannotHoldIs400() {
    String document = upload("{\"vendor\":\"ACME\",\"total\":1e200000}");
    long before = balance();
    assertRefusedOnDocument(post(RUNS, fromDocument(document), bearer(key)), "input.total");
    assertEquals(before, balance());
  }

  @Test
  void aDocumentsInvoiceIsValidatedExactlyAsOneInABody() {
    String invoice = "{\"vendor\":\"ACME\",\"currency\":\"XX\",\"total\":\"abc\",\"lines\":[7]}";
    String document = upload(invoice);
    long before = balance();
    Reply fromBody =
        post(RUNS, "{\"agent_type\":\"invoice_processor\",\"input\":" + invoice + "}", bearer(key));
    Reply fromDocument = post(RUNS, fromDocument(document), bearer(key));
    assertEquals(400, fromBody.status(), fromBody::toString);
    assertEquals(400, fromDocument.status(), fromDocument::toString);
    assertEquals(3, fromBody.json().getJsonArray("errors").size(), fromBody::toString);
    assertEquals(
        fromBody.json().getJsonArray("errors"), fromDocument.json().getJsonArray("errors"));
    assertEquals(before, balance());
  }

  private static void assertRefusedOnDocument(Reply reply, String messagePart) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals("invalid_request", reply.code());
    JsonObject error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("document_id", error.getString("field"), reply::toString);
    assertTrue(error.getString("message").contains(messagePart), reply::toString);
  }

  private static String fromDocument(String id) {
    return "{\"agent_type\":\"invoice_processor\",\"document_id\":\"" + id + "\"}";
  }

  private static String upload(String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(Api.uri("/v1/documents?name=poison.json"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    return Api.send(request).expect(201).json().getString("id");
  }

  private static long balance() {
    return get("/v1/credits", bearer(key)).expect(200).json().getJsonNumber("balance").longValue();
  }
}

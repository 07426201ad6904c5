package it.tech.eclips.workforce.logs;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.harness.TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A statement that fails on a client's row must not write the row into any log. Validation stops
 * every value PostgreSQL itself would refuse (a NUL, a number out of range: {@code
 * PoisonDocumentIT}, {@code KeySecrecyIT}), and PostgreSQL leaves the row out of its own {@code
 * Failing row contains (…)} detail on tables under row-level security, which every tenant table is.
 * So the failure is forced: a trigger the test creates as admin refuses {@code agent_runs} rows
 * whose input holds a marker with exactly the error PostgreSQL raises for a check constraint on a
 * table without row-level security (the constraint's name in the message, {@code Failing row
 * contains (…)} with the input in its {@code DETAIL}). That is a server-side fault, so the client's
 * {@code 500 internal_error} is right here. Once on the accept, once on the executor (the batch,
 * then the run alone, which fails with its refund). Every file under the server's {@code logs/},
 * FFDC incidents included, is then searched for the markers and the detail; what must be there
 * instead is the request id or run id and the SQLState.
 */
@ExtendWith(Deployments.class)
class NoClientDataInLogsIT {

  private static final String PROBE = "no_client_data_in_logs_probe";

  @Test
  void aFailingRowReachesNoLogOnlyItsRequestIdAndSqlState() throws Exception {
    String nonce = Long.toString(System.nanoTime(), 36);
    String refusedOnAccept = "RowMarkerA" + nonce;
    String refusedOnCompletion = "RowMarkerB" + nonce;
    String org = Api.newOrg("team");
    Api.trustFully(org);
    String key = Api.newKey(org, "live", "runs:read", "runs:write");
    Reply accept;
    JsonObject run;
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(
          "CREATE OR REPLACE FUNCTION "
              + PROBE
              + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              + "IF NEW.input::text LIKE '%"
              + refusedOnAccept
              + "%' OR (NEW.status NOT IN ('queued', 'running', 'failed') AND NEW.input::text LIKE '%"
              + refusedOnCompletion
              + "%') THEN RAISE EXCEPTION USING ERRCODE = 'check_violation', "
              + "MESSAGE = 'new row for relation \"agent_runs\" violates check constraint \""
              + PROBE
              + "\"', DETAIL = 'Failing row contains (' || NEW.input::text || ').'; "
              + "END IF; RETURN NEW; END $$");
      sql.execute(
          "CREATE TRIGGER "
              + PROBE
              + " BEFORE INSERT OR UPDATE ON agent_runs FOR EACH ROW EXECUTE FUNCTION "
              + PROBE
              + "()");
      try {
        accept = Api.post("/v1/agents/runs", Api.invoice(refusedOnAccept), bearer(key));
        String runId =
            Api.post("/v1/agents/runs", Api.invoice(refusedOnCompletion), bearer(key))
                .expect(202)
                .json()
                .getString("id");
        run = Api.awaitRun(key, runId);
      } finally {
        sql.execute("DROP TRIGGER IF EXISTS " + PROBE + " ON agent_runs");
        sql.execute("DROP FUNCTION IF EXISTS " + PROBE + "()");
      }
    }
    assertEquals(500, accept.status(), accept.body());
    assertEquals("internal_error", accept.code());
    assertTrue(accept.header("Content-Type").startsWith("application/problem+json"));
    assertFalse(accept.body().contains(refusedOnAccept), "the row in the problem");
    assertEquals("failed", run.getString("status"), run.toString());
    assertFalse(run.toString().contains("Failing row"), "the row in the run's error");

    Thread.sleep(1_000); // FFDC incidents are written by the failing thread; give them a moment
    String messages = Files.readString(logs().resolve(mainLog()), StandardCharsets.ISO_8859_1);
    assertAll(
        () -> assertNoLogHolds(List.of(refusedOnAccept, refusedOnCompletion, "Failing row")),
        () -> assertTrue(messages.contains(accept.json().getString("request_id")), "no request id"),
        () -> assertTrue(messages.contains("run " + run.getString("id")), "no run id"),
        () -> assertTrue(messages.contains("SQLState 23514"), "no SQLState"));
  }

  /**
   * PostgreSQL's primary message (never switched off, unlike {@code DETAIL}) quotes the value for
   * some errors: {@code invalid input syntax for type uuid: "…"}, a trigger's or a domain's own
   * message. A trigger raises exactly that, quoting the row, on a run's insert (a native statement)
   * and on a document's (an entity EclipseLink flushes): EclipseLink logs every exception it throws
   * with its message before the application sees it, so this fails wherever EclipseLink's own log
   * reaches a file. What must be there instead: the request ids and the SQLState.
   */
  @Test
  void aPrimaryMessageQuotingTheRowReachesNoLog() throws Exception {
    String marker = "QuotedMarker" + Long.toString(System.nanoTime(), 36);
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read", "runs:write", "documents:write");
    Reply run;
    Reply document;
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      sql.execute(
          "CREATE OR REPLACE FUNCTION "
              + QUOTING_PROBE
              + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              + "IF to_jsonb(NEW)::text LIKE '%"
              + marker
              + "%' THEN RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation', "
              + "MESSAGE = 'invalid input syntax for type uuid: \"' || to_jsonb(NEW)::text || '\"'; "
              + "END IF; RETURN NEW; END $$");
      for (String table : List.of("agent_runs", "documents")) {
        sql.execute(
            "CREATE TRIGGER "
                + QUOTING_PROBE
                + " BEFORE INSERT ON "
                + table
                + " FOR EACH ROW EXECUTE FUNCTION "
                + QUOTING_PROBE
                + "()");
      }
      try {
        run = Api.post("/v1/agents/runs", Api.invoice(marker), bearer(key));
        document =
            Api.send(
                HttpRequest.newBuilder(Api.uri("/v1/documents?name=" + marker + ".txt"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("plain text")));
      } finally {
        for (String table : List.of("agent_runs", "documents")) {
          sql.execute("DROP TRIGGER IF EXISTS " + QUOTING_PROBE + " ON " + table);
        }
        sql.execute("DROP FUNCTION IF EXISTS " + QUOTING_PROBE + "()");
      }
    }
    for (Reply refused : List.of(run, document)) {
      assertEquals(500, refused.status(), refused.body());
      assertEquals("internal_error", refused.code());
      assertFalse(refused.body().contains(marker), "the row in the problem");
    }
    Thread.sleep(1_000);
    String messages = Files.readString(logs().resolve(mainLog()), StandardCharsets.ISO_8859_1);
    assertAll(
        () -> assertNoLogHolds(List.of(marker)),
        () -> assertTrue(messages.contains(run.json().getString("request_id")), "no request id"),
        () -> assertTrue(messages.contains(document.json().getString("request_id")), "no id"),
        () -> assertTrue(messages.contains("SQLState 22P02"), "no SQLState"));
  }

  /**
   * A call the user's role does not allow ({@code @RolesAllowed} on an EJB, answered 403 by
   * EjbAccessDeniedMapper) is the client's mistake, not the server's: no ERROR for it in the main
   * log (WildFly logs every EJB system exception as WFLYEJB0034 at ERROR unless told not to,
   * wildfly/configure.cli).
   */
  @Test
  void aDeniedCallIsNoServerError() throws Exception {
    String org = Api.newOrg("team");
    String member = Api.orgToken(org, "org_member");
    long before = Files.size(logs().resolve(mainLog()));
    Reply denied =
        Api.send(
            "PUT", "/console/v1/settings", "{\"invoice_auto_approve_limit\":2500}", bearer(member));
    assertEquals(403, denied.status(), denied.body());
    byte[] log = Files.readAllBytes(logs().resolve(mainLog()));
    int from = (int) Math.min(before, log.length);
    String after = new String(log, from, log.length - from, StandardCharsets.ISO_8859_1);
    assertAll(
        () -> assertFalse(after.contains("WFLYEJB0034"), after),
        () -> assertFalse(after.contains("EJBAccessException"), after));
  }

  private static final String QUOTING_PROBE = "no_client_data_in_logs_quoting_probe";

  /** The server's main log: Liberty's messages.log, WildFly's server.log (same directory here). */
  private static String mainLog() {
    return TestServer.current() == TestServer.WILDFLY ? "server.log" : "messages.log";
  }

  /**
   * A JSON document holding a backslash-u-0000 escape (six characters; jsonb refuses the NUL) is
   * stored as bytes; a run that would read it as JSON is refused before anything reaches the
   * database, and one that reads it as text gets it escaped. No 500, and the document's text in no
   * log.
   */
  @Test
  void aJsonDocumentWithAnEscapedNulIsRefusedOrEscapedNeverLogged() throws Exception {
    String marker = "NulMarker" + Long.toString(System.nanoTime(), 36);
    String org = Api.newOrg("team");
    String key =
        Api.newKey(org, "live", "runs:read", "runs:write", "documents:read", "documents:write");
    byte[] json = ("{\"vendor\":\"\\u0000" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    String document =
        Api.send(
                HttpRequest.newBuilder(Api.uri("/v1/documents?name=nul.json"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)))
            .expect(201)
            .json()
            .getString("id");
    Reply invoice =
        Api.post(
                "/v1/agents/runs",
                "{\"agent_type\":\"invoice_processor\",\"document_id\":\"" + document + "\"}",
                bearer(key))
            .expect(400);
    assertEquals("invalid_request", invoice.code());
    assertFalse(invoice.body().contains(marker), "the document in the problem");
    String classified =
        Api.post(
                "/v1/agents/runs",
                "{\"agent_type\":\"document_classifier\",\"document_id\":\"" + document + "\"}",
                bearer(key))
            .expect(202)
            .json()
            .getString("id");
    assertTrue(
        Api.awaitRun(key, classified).getJsonObject("input").getString("text").contains(marker));
    Thread.sleep(1_000);
    assertNoLogHolds(List.of(marker));
  }

  private static Path logs() {
    return Path.of(System.getProperty("eclips.server.dir"), "logs");
  }

  /**
   * Every file under the server's logs directory, FFDC incidents and trace.log without exception.
   */
  private static void assertNoLogHolds(List<String> texts) {
    try (Stream<Path> logs = Files.walk(logs())) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        for (String secret : texts) {
          assertFalse(text.contains(secret), () -> "client data (" + secret + ") in " + log);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/** The create, update and rotation bodies: every error at once, destinations as their own 400. */
class EndpointRequestsTest {

  private final Destinations destinations = new Destinations(List.of(), false);

  @Test
  void aValidCreate() {
    NewEndpoint spec =
        NewEndpoint.from(
            "{\"url\":\"https://hooks.example.com/x\",\"mode\":\"test\","
                + "\"event_types\":[\"credits.low\",\"agent_run.failed\",\"credits.low\"]}",
            destinations);
    assertEquals(KeyMode.TEST, spec.mode());
    assertEquals(Set.of(EventType.CREDITS_LOW, EventType.AGENT_RUN_FAILED), spec.eventTypes());
    assertNull(spec.description());
    assertEquals("agent_run.failed,credits.low", EventType.join(spec.eventTypes()));
  }

  @Test
  void everyFieldErrorIsReportedTogether() {
    ApiProblem refused =
        assertThrows(
            ApiProblem.class,
            () ->
                NewEndpoint.from(
                    "{\"url\":\"http://hooks.example.com/\",\"mode\":\"prod\","
                        + "\"event_types\":[\"run.done\"],\"secret\":\"mine\"}",
                    destinations));
    assertEquals("invalid_request", refused.code());
    assertEquals(
        Set.of("url", "mode", "event_types", "secret"),
        Set.copyOf(refused.errors().stream().map(e -> e.field()).toList()));
  }

  @Test
  void aRefusedDestinationIsItsOwnProblemOnceTheBodyIsOtherwiseValid() {
    String body =
        "{\"url\":\"https://169.254.169.254/\",\"mode\":\"live\",\"event_types\":[\"credits.low\"]}";
    ApiProblem refused = assertThrows(ApiProblem.class, () -> NewEndpoint.from(body, destinations));
    assertEquals("webhook_destination_refused", refused.code());
    assertEquals(400, refused.status());
    ApiProblem both =
        assertThrows(
            ApiProblem.class,
            () -> NewEndpoint.from(body.replace("\"live\"", "\"nope\""), destinations));
    assertEquals("invalid_request", both.code(), "field errors first");
  }

  @Test
  void aPatchKeepsWhatItDoesNotName() {
    WebhookEndpoint current =
        new WebhookEndpoint(
            UUID.randomUUID(),
            true,
            "https://hooks.example.com/a",
            "ticketing",
            Set.of(EventType.DOCUMENT_DELETED));
    EndpointPatch off = EndpointPatch.from("{\"enabled\":false}", current, destinations);
    assertFalse(off.enabled());
    assertEquals("https://hooks.example.com/a", off.url().toString());
    assertEquals("ticketing", off.description());
    assertEquals(Set.of(EventType.DOCUMENT_DELETED), off.eventTypes());
    assertNull(EndpointPatch.from("{\"description\":null}", current, destinations).description());
    for (String bad : List.of("{}", "{\"enabled\":1}", "{\"mode\":\"test\"}", "{\"url\":null}")) {
      assertEquals(
          "invalid_request",
          assertThrows(ApiProblem.class, () -> EndpointPatch.from(bad, current, destinations))
              .code(),
          bad);
    }
  }

  @Test
  void rotationWithoutABodyOverlapsADay() {
    assertEquals(Duration.ofDays(1), SecretRotation.from(null, null).overlap());
    assertEquals(Duration.ofDays(1), SecretRotation.from("", "text/plain").overlap());
    // a body is checked against its media type, which needs the JAX-RS runtime: its bounds (0 to
    // 86,400, whole seconds) and the 415 are in WebhookEndpointsIT
  }
}

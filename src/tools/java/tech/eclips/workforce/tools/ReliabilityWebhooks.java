package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.tools.ReliabilitySeed.Org;

/**
 * Webhooks in the fault run (issue 23): every seeded org gets a live and a test endpoint for every
 * event type at a local receiver ({@link WebhookReceiver}) before the clients start, so deliveries
 * are in flight whenever the server is killed with kill -9; afterwards every event of those orgs
 * written after its endpoint must have reached the receiver (repeats are allowed: at least once).
 */
final class ReliabilityWebhooks implements AutoCloseable {

  private static final String TYPES =
      "[\"agent_run.succeeded\",\"agent_run.failed\",\"agent_run.awaiting_review\","
          + "\"agent_run.rejected\",\"triage_item.created\",\"triage_item.resolved\","
          + "\"trust_profile.promoted\",\"trust_profile.demoted\",\"circuit_breaker.opened\","
          + "\"circuit_breaker.closed\",\"api_key.created\",\"api_key.rotated\",\"api_key.revoked\","
          + "\"api_key.expiring\",\"credits.low\",\"credits.budget_reached\",\"document.deleted\"]";

  private final WebhookReceiver receiver;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ReliabilityWebhooks(Path directory) throws Exception {
    receiver = new WebhookReceiver(directory);
  }

  /** The receiver allow-listed and trusted, retries within seconds (the test server's timings). */
  Map<String, String> serverVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("eclips.webhooks.allowed-destinations", WebhookReceiver.ADDRESS + "/32");
    variables.put("eclips.webhooks.trust-store", receiver.trustStore().toString());
    variables.put("eclips.webhooks.trust-store-password", WebhookReceiver.TRUST_PASSWORD);
    variables.put("eclips.webhooks.delivery.poll-interval", "PT0.2S");
    variables.put("eclips.webhooks.delivery.read-timeout", "PT5S");
    variables.put("eclips.webhooks.delivery.attempt-timeout", "PT8S");
    variables.put("eclips.webhooks.delivery.lease", "PT15S");
    variables.put("eclips.webhooks.retry.first-delay", "PT0.5S");
    variables.put("eclips.webhooks.retry.max-delay", "PT2S");
    variables.put("eclips.webhooks.retry.window", "PT30M");
    return variables;
  }

  /** One live and one test endpoint per org, through the console API as the org's admin. */
  void register(OwnServer server, List<Org> orgs) throws IOException, InterruptedException {
    for (Org org : orgs) {
      String admin =
          DevTokens.mint(
              "reliability@" + org.id(),
              List.of("org_admin"),
              org.id().toString(),
              Instant.now().plusSeconds(600));
      for (String mode : List.of("live", "test")) {
        String body =
            "{\"url\":\""
                + receiver.url(mode + "-" + org.label())
                + "\",\"mode\":\""
                + mode
                + "\",\"event_types\":"
                + TYPES
                + "}";
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(server.uri("/console/v1/webhook-endpoints"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
          throw new IllegalStateException(
              "registering a webhook endpoint answered " + response.statusCode());
        }
      }
    }
  }

  /**
   * Waits (bounded) until every event an endpoint should receive has arrived; the check is how many
   * never did.
   */
  List<Invariants.Check> checks(Connection admin, List<Org> orgs, Duration within)
      throws SQLException, InterruptedException {
    Set<String> expected = expected(admin, orgs);
    long deadline = System.nanoTime() + within.toNanos();
    Set<String> missing = new HashSet<>(expected);
    while (System.nanoTime() < deadline) {
      missing = new HashSet<>(expected);
      missing.removeAll(receiver.ids());
      if (missing.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    Reliability.log(
        "webhooks: "
            + expected.size()
            + " events to deliver, "
            + missing.size()
            + " never arrived, "
            + receiver.repeats()
            + " arrived more than once");
    return List.of(
        new Invariants.Check(
            "webhook events never delivered (kill -9 during delivery)",
            missing.size() + " of " + expected.size(),
            missing.isEmpty() && !expected.isEmpty()),
        new Invariants.Check(
            "webhook deliveries repeated (allowed: at least once)",
            Long.toString(receiver.repeats()),
            true));
  }

  /** {@code evt_…} of every event of the orgs written once their endpoints existed. */
  private static Set<String> expected(Connection admin, List<Org> orgs) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement query =
        admin.prepareStatement(
            "SELECT e.id FROM events e WHERE e.org_id = ? AND e.type <> 'webhook_endpoint.disabled'"
                + " AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.org_id = e.org_id"
                + " AND w.livemode = e.livemode AND w.created_at <= e.created_at)")) {
      for (Org org : orgs) {
        query.setObject(1, org.id());
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            ids.add("evt_" + rows.getObject(1, UUID.class).toString().replace("-", ""));
          }
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    receiver.close();
  }
}

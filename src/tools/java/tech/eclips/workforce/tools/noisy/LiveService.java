package tech.eclips.workforce.tools.noisy;

import java.time.Duration;
import java.util.UUID;

/**
 * Org A's own live work, from its own service (not the attacker): one live run a second, in every
 * phase. Each must be accepted ({@code 202}): whatever A's leaked test key does, A's live mode
 * keeps its service (issue 19, "a bulkhead per org and per mode").
 */
final class LiveService {

  static final Duration EVERY = Duration.ofSeconds(1);

  private final Client client;
  private final Parties.Attacker org;

  LiveService(Target target, Parties.Attacker org) {
    this.client = new Client(target, "203.0.113.30");
    this.org = org;
  }

  Crew start(Samples samples) {
    Crew crew = new Crew("a-live", false);
    crew.loop(
        "runs",
        () -> {
          samples.add(
              "POST /v1/agents/runs (org A, live key)",
              202,
              client.postJson(
                  "/v1/agents/runs",
                  String.format(VictimLoad.INVOICE, "A-" + UUID.randomUUID()),
                  Client.bearer(org.liveKey())));
          return EVERY;
        });
    return crew;
  }
}

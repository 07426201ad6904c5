package tech.eclips.workforce.tools.noisy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Every exhaustion pattern of issue 19 at once, from org A's leaked test key, its org_member token
 * and no credentials at all. Each pattern is paced (its pause is in {@link #start}): together they
 * send about what the test key's rate budget allows (growth: 300 a minute) plus the held
 * connections, so the server is attacked by what the requests hold and cost, not by their number; a
 * raw request flood is the network's to stop, not a bulkhead's.
 */
final class Attack {

  /** Every pattern's name; a run may choose some ({@code eclips.noisy.patterns}). */
  static final Set<String> PATTERNS =
      Set.of(
          "poison",
          "trickling-uploads",
          "trickling-downloads",
          "failure-flood",
          "audit-loops",
          "oversized-numbers",
          "junk-jwts",
          "readiness-bursts");

  static final String ADDRESS = "198.51.100.66";

  private static final String FAILING =
      "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"invoice_number\":"
          + "\"%s\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\",\"lines\":[{\"quantity\":1,"
          + "\"unit_price\":\"1.00\"}],\"simulate\":\"agent_failure\"}}";

  /**
   * A number beyond PostgreSQL's numeric range in an otherwise valid invoice, in a field no agent
   * reads (so only a bound on the input itself can stop it before the database does).
   */
  private static final String OVERSIZED =
      "{\"agent_type\":\"invoice_processor\",\"input\":{\"vendor\":\"ACME\",\"invoice_number\":"
          + "\"%s\",\"currency\":\"EUR\",\"issue_date\":\"2026-11-01\",\"lines\":[{\"quantity\":1,"
          + "\"unit_price\":\"1.00\"}],\"reference\":1e200000}}";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Target target;
  private final Parties.Attacker attacker;
  private final Set<String> patterns;
  private final Client client;
  private final Tally tally = new Tally();

  Attack(Target target, Parties.Attacker attacker, Set<String> patterns) {
    this.target = target;
    this.attacker = attacker;
    this.patterns = patterns;
    this.client = new Client(target, ADDRESS);
  }

  Tally tally() {
    return tally;
  }

  /** Starts the chosen patterns; closing the crew stops them and closes their connections. */
  Crew start() {
    Crew crew = new Crew("attacker", true);
    String[] test = Client.bearer(attacker.testKey());
    String[] member = Client.bearer(attacker.memberToken());
    String poison =
        "{\"agent_type\":\"invoice_processor\",\"document_id\":\""
            + attacker.poisonDocument()
            + "\"}";
    // four concurrent runs on the poison document: what killed the JVM in issue 19
    for (int i = 0; i < 4; i++) {
      repeat(
          crew,
          "poison",
          Duration.ofSeconds(2),
          () -> client.postJson("/v1/agents/runs", poison, test));
    }
    // bursts of eight at once, as in issue 19: a breaker opens on consecutive failures, and the
    // live service's successes in between would reset a steady trickle of them
    for (int i = 0; i < 8; i++) {
      repeat(
          crew,
          "failure-flood",
          Duration.ofSeconds(2),
          () ->
              client.postJson("/v1/agents/runs", String.format(FAILING, UUID.randomUUID()), test));
    }
    repeat(
        crew,
        "oversized-numbers",
        Duration.ofMillis(500),
        () ->
            client.postJson("/v1/agents/runs", String.format(OVERSIZED, UUID.randomUUID()), test));
    // each O(the whole log) before issue 19; the log was seeded long (AuditSeed)
    repeat(
        crew,
        "audit-loops",
        Duration.ofMillis(100),
        () -> client.get("/console/v1/audit-log/verify", member));
    repeat(
        crew,
        "audit-loops",
        Duration.ofMillis(100),
        () -> client.drain("/console/v1/audit-log/export", member));
    repeat(
        crew,
        "audit-loops",
        Duration.ofMillis(100),
        () -> client.get("/console/v1/audit-log?action=agent_run.created&limit=100", member));
    repeat(
        crew,
        "junk-jwts",
        Duration.ofMillis(20),
        () -> client.get(junkPath(), Client.bearer(junkJwt())));
    Trickles trickles = new Trickles(target, attacker, ADDRESS, tally);
    if (patterns.contains("trickling-uploads")) {
      trickles.uploads(crew);
    }
    if (patterns.contains("trickling-downloads")) {
      trickles.downloads(crew);
    }
    if (patterns.contains("readiness-bursts")) {
      new ReadinessBurst(target, ADDRESS, tally).start(crew);
    }
    return crew;
  }

  private interface Request {
    Answer send();
  }

  private void repeat(Crew crew, String pattern, Duration pause, Request request) {
    if (!patterns.contains(pattern)) {
      return;
    }
    crew.loop(
        pattern,
        () -> {
          tally.count(pattern, request.send());
          return pause;
        });
  }

  private static String junkPath() {
    return RANDOM.nextBoolean() ? "/console/v1/api-keys" : "/platform/v1/orgs";
  }

  /** Well-formed, signed by no one the server knows, naming a key id it has never seen. */
  private String junkJwt() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}";
    String claims =
        "{\"iss\":\"eclips-dev\",\"aud\":\"eclips-workforce\",\"sub\":\"intruder\",\"groups\":"
            + "[\"org_admin\",\"platform_admin\"],\"org_id\":\""
            + attacker.org()
            + "\",\"exp\":"
            + Instant.now().plusSeconds(600).getEpochSecond()
            + "}";
    byte[] signature = new byte[256];
    RANDOM.nextBytes(signature);
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(signature);
  }
}

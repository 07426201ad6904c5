package tech.eclips.workforce.tools.noisy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.eclips.workforce.tools.DevTokens;

/**
 * The two orgs, created through the platform and console APIs as a customer would: the victim B
 * (enterprise, one live key per workload thread and an org admin), and A (growth, a live key for
 * its own service, the leaked test key, an org_member token, and the test-mode documents the attack
 * needs: a 10 MB poison JSON and a large file to download slowly).
 */
final class Parties {

  /** 3.4 M empty objects, 10.2 MB: under the 10 MiB document limit (issue 19's reproduction). */
  static final int POISON_OBJECTS = 3_400_000;

  /** Just under the 10 MiB document limit: more than loopback socket buffers hold. */
  static final int LARGE_DOCUMENT_BYTES = 10 * 1024 * 1024 - 4096;

  record Victim(String org, List<String> keys, String adminToken) {}

  record Attacker(
      String org,
      String liveKey,
      String testKey,
      String memberToken,
      String poisonDocument,
      String largeDocument) {}

  private static final String VICTIM_SCOPES =
      "[\"runs:read\",\"runs:write\",\"documents:read\",\"documents:write\"]";

  private final Client operator;

  Parties(Target target) {
    this.operator = new Client(target, "192.0.2.10");
  }

  Victim victim(int keys) {
    String org = org("noisy-neighbour victim", "enterprise");
    String admin = token(org, "org_admin");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      created.add(key(org, admin, "victim " + i, "live", VICTIM_SCOPES));
    }
    return new Victim(org, List.copyOf(created), admin);
  }

  Attacker attacker() {
    String org = org("noisy-neighbour attacker", "growth");
    String admin = token(org, "org_admin");
    String live = key(org, admin, "service", "live", "[\"runs:read\",\"runs:write\"]");
    String test = key(org, admin, "leaked", "test", VICTIM_SCOPES);
    return new Attacker(
        org,
        live,
        test,
        token(org, "org_member"),
        upload(test, "poison.json", "application/json", poison()),
        upload(test, "large.png", "image/png", large()));
  }

  static String token(String org, String group) {
    return DevTokens.mint(
        group + "-noisy@" + org, List.of(group), org, Instant.now().plusSeconds(3600));
  }

  private String org(String name, String plan) {
    String platform =
        DevTokens.mint(
            "operator@noisy", List.of("platform_admin"), null, Instant.now().plusSeconds(3600));
    String org =
        field(
            expect(
                operator.postJson(
                    "/platform/v1/orgs",
                    "{\"name\":\"" + name + "\",\"plan\":\"" + plan + "\"}",
                    Client.bearer(platform)),
                201),
            "id");
    // Credits are not what this experiment is about: the attacker's test runs spend the org's
    // credits by design (CONTRACT §3), and the test server starts growth orgs with 100.
    expect(
        operator.postJson(
            "/platform/v1/orgs/" + org + "/credit-grants",
            "{\"amount\":10000000,\"reason\":\"noisy neighbour\"}",
            Client.bearer(platform)),
        201);
    return org;
  }

  private String key(String org, String admin, String name, String mode, String scopes) {
    return field(
        expect(
            operator.postJson(
                "/console/v1/api-keys",
                "{\"name\":\"" + name + "\",\"mode\":\"" + mode + "\",\"scopes\":" + scopes + "}",
                Client.bearer(admin)),
            201),
        "key");
  }

  private String upload(String key, String name, String type, byte[] bytes) {
    return field(
        expect(operator.post("/v1/documents?name=" + name, bytes, type, Client.bearer(key)), 201),
        "id");
  }

  /** {@code {"pad":[{},{},…]}}: small to send, enormous as a tree. */
  static byte[] poison() {
    StringBuilder json = new StringBuilder(3 * POISON_OBJECTS + 16).append("{\"pad\":[");
    for (int i = 0; i < POISON_OBJECTS; i++) {
      json.append(i == 0 ? "{}" : ",{}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A PNG signature, then zeros. */
  private static byte[] large() {
    byte[] png = new byte[LARGE_DOCUMENT_BYTES];
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(signature, 0, png, 0, signature.length);
    return png;
  }

  private static Answer expect(Answer answer, int status) {
    if (answer.status() != status) {
      throw new IllegalStateException(
          "set-up: expected " + status + " but got " + answer.outcome() + ": " + answer.body());
    }
    return answer;
  }

  static String field(Answer answer, String name) {
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(answer.body()))) {
      return reader.readObject().getString(name);
    }
  }
}

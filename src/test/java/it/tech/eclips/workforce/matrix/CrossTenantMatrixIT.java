package it.tech.eclips.workforce.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.matrix.ResourceModel.Operation;
import it.tech.eclips.workforce.matrix.Samples.Sample;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.keys.boundary.RequiresScope;

/**
 * CONTRACT §1, §3, §5, §7 as one generated matrix: every operation the build compiled × every way
 * another org, the other mode, a missing scope or the wrong kind of credential could reach it →
 * refused as the contract says, and no answer to anyone but A ever holds any of A's ids, key hints,
 * keys, names or markers. A new endpoint joins the matrix by being compiled.
 */
@ExtendWith(Deployments.class)
class CrossTenantMatrixIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static ResourceModel model;
  private static Victim a;
  private static String bLiveKey;
  private static String bAdmin;
  private static String aAdmin;
  private static String aMember;
  private static String platform;

  @BeforeAll
  static void twoOrgs() {
    model = ResourceModel.compiled();
    a = new Victim();
    String b = Victim.newOrg("attacker-" + UUID.randomUUID());
    bLiveKey = Api.newKey(b, "live", Victim.allScopes());
    bAdmin = Api.orgToken(b, "org_admin");
    aAdmin = Api.orgToken(a.org, "org_admin");
    aMember = Api.orgToken(a.org, "org_member");
    platform = Api.platformToken();
  }

  @Test
  void theModelCanExerciseEveryCompiledOperation() {
    assertEquals(List.of(), model.unusable());
    Set<ResourceModel.Api> apis =
        Set.copyOf(model.operations().stream().map(Operation::api).toList());
    // the three APIs, and public only what ResourceModel.PUBLIC_OPERATIONS lists (the leak-report
    // callback): /bench/ping exists only in the bench build's WAR
    assertEquals(
        Set.of(
            ResourceModel.Api.V1,
            ResourceModel.Api.CONSOLE,
            ResourceModel.Api.PLATFORM,
            ResourceModel.Api.PUBLIC),
        apis,
        "scan broken?");
    assertEquals(
        ResourceModel.PUBLIC_OPERATIONS.keySet(),
        Set.copyOf(
            model.operations().stream()
                .filter(op -> op.api() == ResourceModel.Api.PUBLIC)
                .map(Operation::toString)
                .toList()),
        "a public operation crept in?");
  }

  @Test
  void everyOperationRefusesEveryoneButItsOwnOrgAndLeaksNothingOfA() {
    String before = snapshotOfA();
    List<Probe> probes = new ArrayList<>();
    model.operations().forEach(operation -> probes.addAll(probesFor(operation)));
    List<String> failures = new ArrayList<>();
    for (Probe probe : probes) {
      failures.addAll(probe.run());
    }
    System.out.printf(
        "CrossTenantMatrixIT: %d operations, %d probes, %d failures%n",
        model.operations().size(), probes.size(), failures.size());
    assertEquals(List.of(), failures, () -> String.join("\n", failures));
    // B pinned trust, reset breakers, set a budget and settings in its own org: A saw none of it
    assertEquals(before, snapshotOfA());
  }

  @Test
  void aNewOperationTheMatrixCannotFillFailsTheModel() {
    ResourceModel fake = ResourceModel.of(Unfillable.class, Unguarded.class, Public.class);
    List<String> gaps = fake.unusable();
    assertEquals(3, gaps.size(), gaps::toString);
    assertTrue(gaps.toString().contains("unknown path parameter {workspace}"), gaps::toString);
    assertTrue(gaps.toString().contains("without @RequiresScope"), gaps::toString);
    assertTrue(gaps.toString().contains("is outside /v1"), gaps::toString);
  }

  /** Every case that applies to the operation's API; each names the credential and the ids. */
  private static List<Probe> probesFor(Operation op) {
    List<Probe> probes = new ArrayList<>();
    boolean hasId = op.pathParameters().contains("id");
    switch (op.api()) {
      case V1 -> {
        probes.add(probe(op, "no key", "live", null, a.secrets, 401, "missing_api_key"));
        probes.add(probe(op, "A's admin JWT", "live", aAdmin, a.secrets, 401, "invalid_api_key"));
        probes.add(probe(op, "platform JWT", "live", platform, a.secrets, 401, "invalid_api_key"));
        if (!RequiresScope.ANY.equals(op.scope())) {
          String key = a.keyWithout.get(op.scope());
          probes.add(
              probe(
                  op,
                  "A's key without " + op.scope(),
                  "live",
                  key,
                  a.secrets,
                  403,
                  "insufficient_scope"));
        }
        probes.add(tenantProbe(op, "B's key on A's live ids", "live", bLiveKey, secretsFor(op)));
        if (isModed(op)) {
          probes.add(
              tenantProbe(op, "A's test key on A's live ids", "live", a.testKey, a.liveOnly));
          probes.add(
              tenantProbe(op, "A's live key on A's test ids", "test", a.liveKey, a.testOnly));
        }
        if (hasId) {
          probes.add(
              probe(op, "B's key, random ids", "random", bLiveKey, a.secrets, 404, "not_found"));
        }
      }
      case CONSOLE -> {
        probes.add(probe(op, "no token", "live", null, a.secrets, 401, null));
        probes.add(probe(op, "A's /v1 key", "live", a.liveKey, a.secrets, 401, null));
        probes.add(probe(op, "platform token", "live", platform, a.secrets, 403, null));
        probes.add(tenantProbe(op, "B's admin on A's ids", "live", bAdmin, secretsFor(op)));
        if (hasId) {
          probes.add(probe(op, "B's admin, random ids", "random", bAdmin, a.secrets, 404, null));
        }
        if (op.onlyFor("org_admin")) {
          probes.add(
              probe(op, "A's member on an admin write", "live", aMember, a.secrets, 403, null));
        }
      }
      case PLATFORM -> {
        probes.add(probe(op, "no token", "live", null, a.secrets, 401, null));
        probes.add(probe(op, "A's /v1 key", "live", a.liveKey, a.secrets, 401, null));
        probes.add(probe(op, "A's admin token", "live", aAdmin, a.secrets, 403, null));
        probes.add(probe(op, "B's admin token", "live", bAdmin, a.secrets, 403, null));
        if (hasId) {
          probes.add(probe(op, "platform, random ids", "random", platform, a.secrets, 404, null));
        }
      }
      case PUBLIC -> {
        // the one public operation, the leak-report callback, takes a reporter's signature only:
        // any credential of ours is no credential there, and A's ids are never read
        probes.add(probe(op, "B's key", "live", bLiveKey, a.secrets, 401, "invalid_signature"));
        probes.add(probe(op, "B's admin", "live", bAdmin, a.secrets, 401, "invalid_signature"));
      }
    }
    return probes;
  }

  /**
   * What B's own answers must not hold. B's audit log records B's own denied requests with the
   * resource B named (CONTRACT §9), so there, and only there, the ids B itself sent in paths may
   * appear; A's keys, hints, names, markers and whatever B never sent may not.
   */
  private static Map<String, String> secretsFor(Operation op) {
    if (!op.path().contains("/audit-log")) {
      return a.secrets;
    }
    Map<String, String> unseen = new LinkedHashMap<>(a.secrets);
    unseen.keySet().removeAll(a.liveIds.values());
    unseen.keySet().removeAll(a.testIds.values());
    return unseen;
  }

  /**
   * CONTRACT §3: runs, triage items and documents live in one mode (the org's keys, credits and
   * audit log are shared by both). An own-org write that names nothing of the other mode (an
   * upload) is no cross-mode case at all, and would change A.
   */
  private static boolean isModed(Operation op) {
    boolean modedCollection =
        op.path().startsWith("/v1/agents/runs")
            || op.path().startsWith("/v1/triage-items")
            || op.path().startsWith("/v1/documents");
    return modedCollection
        && (op.verb().equals("GET")
            || op.pathParameters().contains("id")
            || Samples.namesAnId(Samples.of(op, a.liveIds), a.liveIds));
  }

  /**
   * Another org's (or mode's) credential: an operation on A's object is 404 as if it did not exist;
   * an operation on the caller's own collection may succeed, but only with its own data.
   */
  private static Probe tenantProbe(
      Operation op, String name, String ids, String credential, Map<String, String> forbidden) {
    Map<String, String> victimIds = a.ids(ids);
    boolean namesVictim =
        op.pathParameters().contains("id")
            || Samples.namesAnId(Samples.of(op, victimIds), victimIds);
    return namesVictim
        ? probe(op, name, ids, credential, forbidden, 404, null)
        : probe(op, name, ids, credential, forbidden, 0, null);
  }

  private static Probe probe(
      Operation op,
      String name,
      String ids,
      String credential,
      Map<String, String> forbidden,
      int status,
      String code) {
    return new Probe(op, name, ids, credential, forbidden, status, code);
  }

  /**
   * One request and what it must get: {@code status} 0 means "the caller's own business": any
   * answer but a 5xx, and still nothing of A's.
   */
  private record Probe(
      Operation op,
      String name,
      String ids,
      String credential,
      Map<String, String> forbidden,
      int status,
      String code) {

    List<String> run() {
      Map<String, String> pathIds = ids.equals("random") ? randomIds() : a.ids(ids);
      Sample sample = Samples.of(op, pathIds);
      String path = fill(op, pathIds) + sample.query();
      List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", hostileAddress()));
      if (credential != null) {
        headers.addAll(List.of("Authorization", "Bearer " + credential));
      }
      if (sample.contentType() != null) {
        headers.addAll(List.of("Content-Type", sample.contentType()));
      }
      Reply reply = Api.send(op.verb(), path, sample.body(), headers.toArray(String[]::new));
      return judge(reply);
    }

    private List<String> judge(Reply reply) {
      List<String> failures = new ArrayList<>();
      String where = op + " [" + name + "] → " + reply.status() + ": ";
      if (status == 0 ? reply.status() >= 500 : reply.status() != status) {
        failures.add(where + "expected " + (status == 0 ? "< 500" : status) + " " + excerpt(reply));
      }
      if (reply.status() >= 400) {
        String type = String.valueOf(reply.header("Content-Type"));
        if (!type.startsWith("application/problem+json")) {
          failures.add(where + "not problem+json but " + type);
        } else if (code != null && !code.equals(reply.code())) {
          failures.add(where + "code " + reply.code() + " instead of " + code);
        }
      }
      if (reply.header("X-Request-Id") == null) {
        failures.add(where + "no X-Request-Id");
      }
      String headers = String.valueOf(reply.headers().map());
      forbidden.forEach(
          (secret, what) -> {
            if (reply.body().contains(secret) || headers.contains(secret)) {
              // name what leaked, never print it: it may be a key
              failures.add(where + "the answer holds " + what);
            }
          });
      return failures;
    }
  }

  private static String fill(Operation op, Map<String, String> ids) {
    String path = op.path();
    if (path.contains("{id}")) {
      String id = ids.get(op.collection());
      if (id == null) {
        throw new AssertionError(op + ": the matrix has no object of A for " + op.collection());
      }
      path = path.replace("{id}", id);
    }
    return path.replace("{agent_type}", Samples.AGENT_TYPE);
  }

  private static Map<String, String> randomIds() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String collection : a.liveIds.keySet()) {
      ids.put(collection, UUID.randomUUID().toString());
    }
    return ids;
  }

  /**
   * A fresh address in 198.18.0.0/15 (benchmarking range) per request, so the matrix's failed
   * authentications never fill the per-address limit of anyone else, nor its own.
   */
  static String hostileAddress() {
    return "198."
        + (18 + RANDOM.nextInt(2))
        + "."
        + RANDOM.nextInt(256)
        + "."
        + (1 + RANDOM.nextInt(254));
  }

  private static String excerpt(Reply reply) {
    String body = reply.body();
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  /**
   * What A's admin sees of A's org, minus what a refused request may legitimately touch (when a key
   * was last presented): trust, breakers, settings, credits, keys, triage, documents, plan.
   */
  private static String snapshotOfA() {
    String[] bearer = Api.bearer(aAdmin);
    StringBuilder all = new StringBuilder();
    for (String path :
        List.of(
            "/console/v1/agents/trust-profiles",
            "/console/v1/agents/circuit-breakers",
            "/console/v1/settings",
            "/console/v1/credits",
            "/console/v1/api-keys",
            "/console/v1/webhook-endpoints",
            "/console/v1/triage-items",
            "/console/v1/documents")) {
      all.append(path).append(' ').append(Api.get(path, bearer).expect(200).body()).append('\n');
    }
    all.append(Api.get("/platform/v1/orgs/" + a.org, Api.bearer(platform)).expect(200).body());
    return all.toString().replaceAll("\"last_used_at\":(null|\"[^\"]*\"),?", "");
  }

  // Fakes for the model's own test: never compiled into target/classes, so never served.

  @jakarta.ws.rs.Path("console/v1/workspaces")
  @jakarta.annotation.security.RolesAllowed("org_admin")
  static class Unfillable {
    @jakarta.ws.rs.GET
    @jakarta.ws.rs.Path("{workspace}")
    public String get() {
      return "";
    }
  }

  @jakarta.ws.rs.Path("v1/exports")
  static class Unguarded {
    @jakarta.ws.rs.GET
    public String list() {
      return "";
    }
  }

  @jakarta.ws.rs.Path("internal/debug")
  static class Public {
    @jakarta.ws.rs.GET
    public String dump() {
      return "";
    }
  }
}

package it.tech.eclips.workforce.usage;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-key usage and least privilege from evidence (issue 25, parts 1 and 3): a scripted workload
 * against one key shows up in its rollup per hour, route class (the scope the endpoint needs) and
 * outcome, with its distinct addresses and last use; the scopes it used suggest a narrower set,
 * which the key's PATCH applies (audited); a key whose denials or addresses jump raises {@code
 * api_key.usage_alert}.
 */
@ExtendWith(Deployments.class)
class KeyUsageIT {

  @Test
  void aScriptedWorkloadShowsPerRouteClassAndOutcome() {
    String org = Api.newOrg("growth");
    String admin = Api.orgToken(org, "org_admin");
    JsonObject created =
        Api.newKey(
            org,
            "{\"name\":\"workload\",\"mode\":\"test\",\"scopes\":"
                + "[\"runs:read\",\"runs:write\",\"triage:read\",\"credits:read\"]}");
    String key = created.getString("key");
    String id = created.getString("id");
    for (int i = 0; i < 5; i++) {
      call("/v1/agents/runs?limit=1", key, "198.51.100.1").expect(200);
    }
    for (int i = 0; i < 3; i++) {
      call("/v1/credits", key, "198.51.100.2").expect(200);
    }
    for (int i = 0; i < 2; i++) {
      call("/v1/documents", key, "198.51.100.2").expect(403);
    }
    call("/v1/me", key, "2001:db8::7").expect(200);

    JsonObject usage =
        await("the workload in the rollup")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    get("/console/v1/api-keys/" + id + "/usage", bearer(admin)).expect(200).json(),
                u -> u.getJsonObject("totals").getInt("allowed") == 9);
    JsonObject totals = usage.getJsonObject("totals");
    assertEquals(2, totals.getInt("refused"), usage::toString);
    assertEquals(0, totals.getInt("limited") + totals.getInt("payment") + totals.getInt("failed"));
    assertEquals(3, usage.getInt("distinct_addresses"), usage::toString);
    // the address as the server writes it everywhere (ClientAddresses): IPv6 uncompressed
    assertTrue(usage.getString("last_used_address").startsWith("2001:db8:"), usage::toString);
    assertEquals(
        Map.of("runs:read", "5/0", "credits:read", "3/0", "documents:read", "0/2", "any", "1/0"),
        byRouteClass(usage),
        usage::toString);
    // members read it too; a bad window and another org's key are refused
    get("/console/v1/api-keys/" + id + "/usage", bearer(Api.orgToken(org, "org_member")))
        .expect(200);
    get("/console/v1/api-keys/" + id + "/usage?hours=721", bearer(admin)).expect(400);
    String other = Api.orgToken(Api.newOrg("team"), "org_admin");
    get("/console/v1/api-keys/" + id + "/usage", bearer(other)).expect(404);
    get("/console/v1/api-keys/" + id + "/usage/scopes", bearer(other)).expect(404);

    JsonObject scopes =
        get("/console/v1/api-keys/" + id + "/usage/scopes", bearer(admin)).expect(200).json();
    assertEquals(List.of("credits:read", "runs:read"), strings(scopes, "used"), scopes::toString);
    assertEquals(List.of("runs:write", "triage:read"), strings(scopes, "unused"));
    assertEquals(List.of("credits:read", "runs:read"), strings(scopes, "suggested"));
    assertTrue(scopes.getBoolean("narrower"));

    // applying the suggestion is the key's PATCH, audited as any change
    JsonObject patched =
        send(
                "PATCH",
                "/console/v1/api-keys/" + id,
                "{\"scopes\":[\"credits:read\",\"runs:read\"]}",
                "Authorization",
                "Bearer " + admin,
                "Idempotency-Key",
                "apply-" + id)
            .expect(200)
            .json();
    assertEquals(Set.of("credits:read", "runs:read"), Set.copyOf(strings(patched, "scopes")));
    JsonObject after =
        get("/console/v1/api-keys/" + id + "/usage/scopes", bearer(admin)).expect(200).json();
    assertFalse(after.getBoolean("narrower"), after::toString);
    call("/v1/agents/runs?limit=1", key, "198.51.100.1").expect(200);
    JsonObject audit =
        get("/console/v1/audit-log?action=api_key.updated", bearer(admin)).expect(200).json();
    assertEquals(1, audit.getJsonArray("data").size(), audit::toString);
    assertEquals(id, audit.getJsonArray("data").getJsonObject(0).getString("resource_id"));
  }

  @Test
  void aJumpInDenialsOrAddressesRaisesAnEvent() {
    String org = Api.newOrg("growth");
    String key = Api.newKey(org, "test", "runs:read");
    String reader = Api.newKey(org, "test", "events:read");
    for (int i = 1; i <= 5; i++) {
      call("/v1/agents/runs?limit=1", key, "203.0.113." + i).expect(200);
    }
    for (int i = 0; i < 100; i++) {
      int status = call("/v1/documents", key, "203.0.113.1").status();
      assertTrue(status == 403 || status == 429, () -> "answered " + status);
    }
    List<JsonObject> alerts =
        await("two usage alerts")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    get("/v1/events?type=api_key.usage_alert&limit=10", bearer(reader))
                        .expect(200)
                        .json()
                        .getJsonArray("data")
                        .getValuesAs(JsonObject.class),
                list -> list.size() >= 2);
    assertEquals(
        Set.of("addresses", "denials"),
        alerts.stream()
            .map(e -> e.getJsonObject("data").getJsonObject("object").getString("kind"))
            .collect(Collectors.toSet()),
        alerts::toString);
    // once per key, kind and hour: more denials raise nothing new
    for (int i = 0; i < 5; i++) {
      call("/v1/documents", key, "203.0.113.9").status();
    }
    Api.verifyAudit(org);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get("/v1/events?type=api_key.usage_alert&limit=10", bearer(reader))
                    .expect(200)
                    .json()
                    .getJsonArray("data")
                    .size(),
            n -> n == 2);
  }

  private static Api.Reply call(String path, String key, String address) {
    return get(path, "Authorization", "Bearer " + key, "X-Forwarded-For", address);
  }

  /** route class -> "allowed/refused" summed over the window's hours. */
  private static Map<String, String> byRouteClass(JsonObject usage) {
    Map<String, int[]> sums = new HashMap<>();
    for (JsonObject row : usage.getJsonArray("data").getValuesAs(JsonObject.class)) {
      int[] sum = sums.computeIfAbsent(row.getString("route_class"), r -> new int[2]);
      sum[0] += row.getInt("allowed");
      sum[1] += row.getInt("refused");
    }
    return sums.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0] + "/" + e.getValue()[1]));
  }

  private static List<String> strings(JsonObject json, String field) {
    return json.getJsonArray(field).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}

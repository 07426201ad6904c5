package it.tech.eclips.workforce.keys;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CONTRACT §2: an org has at most its plan's number of active keys (starter: 5). */
@ExtendWith(Deployments.class)
class KeyLimitIT {

  private static final String KEYS = "/console/v1/api-keys";
  private static final String NEW_KEY =
      "{\"name\":\"cap\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}";
  private static final int STARTER_CAP = 5;

  @Test
  void atTheCapCreatingAnswers409AndRevokingOneFreesASlot() {
    String admin = orgToken(Api.newOrg("starter"), "org_admin");
    List<String> ids = createKeys(admin, STARTER_CAP);
    Reply refused = post(KEYS, NEW_KEY, bearer(admin));
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("key_limit_reached", refused.code());
    assertEquals("application/problem+json", refused.header("Content-Type"));
    assertEquals(refused.header("X-Request-Id"), refused.json().getString("request_id"));
    send("DELETE", KEYS + "/" + ids.get(0), null, bearer(admin)).expect(204);
    post(KEYS, NEW_KEY, bearer(admin)).expect(201);
    assertEquals(409, post(KEYS, NEW_KEY, bearer(admin)).status());
  }

  @Test
  void expiredKeysDoNotCount() throws Exception {
    String admin = orgToken(Api.newOrg("starter"), "org_admin");
    List<String> ids = createKeys(admin, STARTER_CAP);
    assertEquals(409, post(KEYS, NEW_KEY, bearer(admin)).status());
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement expire =
            db.prepareStatement(
                "UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = ?")) {
      expire.setObject(1, UUID.fromString(ids.get(2)));
      assertEquals(1, expire.executeUpdate());
    }
    post(KEYS, NEW_KEY, bearer(admin)).expect(201);
  }

  @Test
  void rotationWorksAtTheCap() {
    String admin = orgToken(Api.newOrg("starter"), "org_admin");
    List<String> ids = createKeys(admin, STARTER_CAP);
    String successor =
        post(KEYS + "/" + ids.get(1) + "/rotate", null, bearer(admin))
            .expect(201)
            .json()
            .getString("id");
    post(KEYS + "/" + successor + "/rotate", null, bearer(admin)).expect(201);
    assertEquals(409, post(KEYS, NEW_KEY, bearer(admin)).status());
  }

  @Test
  void tenConcurrentCreatesAtCapMinusOneCreateExactlyOne() throws Exception {
    String admin = orgToken(Api.newOrg("starter"), "org_admin");
    createKeys(admin, STARTER_CAP - 1);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(KEYS, NEW_KEY, bearer(admin)).status();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> call : calls) {
        statuses.add(call.get());
      }
      Map<Integer, Long> counts =
          statuses.stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertEquals(Map.of(201, 1L, 409, 9L), counts);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Rotations of one key serialise on its row: exactly one successor, the others a 409 naming the
   * reason, and the org stays at its plan's cap (before: up to ten active successors).
   */
  @Test
  void tenConcurrentRotationsOfOneKeyCreateExactlyOneSuccessor() throws Exception {
    String org = Api.newOrg("starter");
    String admin = orgToken(org, "org_admin");
    List<String> ids = createKeys(admin, STARTER_CAP);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(KEYS + "/" + ids.get(0) + "/rotate", null, bearer(admin));
                }));
      }
      start.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> call : calls) {
        replies.add(call.get());
      }
      Map<String, Long> outcomes =
          replies.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.status() + (r.status() == 201 ? "" : " " + r.code()),
                      Collectors.counting()));
      assertEquals(Map.of("201", 1L, "409 key_already_rotated", 9L), outcomes);
    } finally {
      pool.shutdownNow();
    }
    try (Connection db = TestDatabase.asAdmin();
        PreparedStatement active =
            db.prepareStatement(
                "SELECT count(*) FROM api_keys WHERE org_id = ?::uuid AND revoked_at IS NULL")) {
      active.setString(1, org);
      try (var rows = active.executeQuery()) {
        rows.next();
        assertEquals(STARTER_CAP, rows.getInt(1));
      }
    }
    Reply again = post(KEYS + "/" + ids.get(0) + "/rotate", null, bearer(admin));
    assertEquals(409, again.status(), again::toString);
    assertEquals("key_already_rotated", again.code());
  }

  private static List<String> createKeys(String admin, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(post(KEYS, NEW_KEY, bearer(admin)).expect(201).json().getString("id"));
    }
    return ids;
  }
}

package it.tech.eclips.workforce.ratelimit;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-key limits. The window is a fixed minute that starts with the key's first request, and each
 * test finishes well inside it, so the counts below are exact (tolerance 0).
 */
@ExtendWith(Deployments.class)
class RateLimitIT {

  private static String org;

  @BeforeAll
  static void org() {
    org = Api.newOrg("growth");
  }

  private static String keyLimitedTo(int perMinute) {
    return Api.newKey(
            org,
            "{\"name\":\"limited\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],"
                + "\"rate_limit_per_minute\":"
                + perMinute
                + "}")
        .getString("key");
  }

  @Test
  void theRequestAfterTheLimitIs429WithRetryAfterAndRateLimitFields() {
    String key = keyLimitedTo(5);
    for (int i = 1; i <= 5; i++) {
      Reply ok = get("/v1/me", bearer(key)).expect(200);
      // the org's credits follow as a second item (CreditFieldsIT)
      assertTrue(
          ok.header("RateLimit-Policy").startsWith("\"per-key\";q=5;w=60, \"credits\";q="),
          ok.header("RateLimit-Policy"));
      assertTrue(
          ok.header("RateLimit").startsWith("\"per-key\";r=" + (5 - i) + ";t="),
          ok.header("RateLimit"));
    }
    Reply limited = get("/v1/me", bearer(key)).expect(429);
    assertEquals("rate_limited", limited.code());
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertTrue(
        limited.header("RateLimit").startsWith("\"per-key\";r=0;t="), limited.header("RateLimit"));
    assertTrue(
        limited.header("RateLimit-Policy").startsWith("\"per-key\";q=5;w=60"),
        limited.header("RateLimit-Policy"));
  }

  @Test
  void theLimitIsTheKeysOwnAndNeverAboveThePlans() {
    String planDefault = Api.newKey(org, "live", "runs:read");
    String policy = get("/v1/me", bearer(planDefault)).expect(200).header("RateLimit-Policy");
    assertTrue(policy.startsWith("\"per-key\";q=300;w=60, "), policy);
  }

  @Test
  void sixtyFourParallelCallersGetExactlyTheLimit() throws Exception {
    int limit = 20;
    int callers = 64;
    String key = keyLimitedTo(limit);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      statuses.add(
          pool.submit(
              () -> {
                start.await();
                return get("/v1/me", bearer(key)).status();
              }));
    }
    start.countDown();
    int ok = 0;
    int limited = 0;
    for (Future<Integer> status : statuses) {
      int code = status.get();
      ok += code == 200 ? 1 : 0;
      limited += code == 429 ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(limit, ok);
    assertEquals(callers - limit, limited);
  }

  @Test
  void keysAreLimitedIndependently() {
    String first = keyLimitedTo(2);
    String second = keyLimitedTo(2);
    get("/v1/me", bearer(first)).expect(200);
    get("/v1/me", bearer(first)).expect(200);
    get("/v1/me", bearer(first)).expect(429);
    get("/v1/me", bearer(second)).expect(200);
  }
}
